import { describe, expect, it } from 'vitest';
import { HedgeBudget } from '../../src/router/hedge-budget.ts';

const policy = {
  budgetRatio: 0.1,
  budgetBurst: 2,
  maxConcurrentPerApp: 2,
  maxConcurrentPerNode: 3,
};

describe('HedgeBudget', () => {
  describe('the token bucket', () => {
    it('starts full and grants its burst, then refuses for budget', () => {
      const budget = new HedgeBudget(policy);
      expect(budget.take('cam', 'b')).toEqual({ ok: true });
      budget.release('cam', 'b');
      expect(budget.take('cam', 'b')).toEqual({ ok: true });
      budget.release('cam', 'b');
      expect(budget.take('cam', 'b')).toEqual({ ok: false, reason: 'budget' });
    });

    it('earns one hedge per ten requests, exactly (no float drift)', () => {
      const budget = new HedgeBudget({ ...policy, budgetBurst: 1 });
      budget.take('cam', 'b');
      budget.release('cam', 'b');
      for (let i = 0; i < 9; i++) budget.credit('cam');
      expect(budget.take('cam', 'b')).toEqual({ ok: false, reason: 'budget' });
      budget.credit('cam');
      expect(budget.tokensOf('cam')).toBe(1);
      expect(budget.take('cam', 'b')).toEqual({ ok: true });
    });

    it('never holds more than its burst', () => {
      const budget = new HedgeBudget(policy);
      for (let i = 0; i < 100; i++) budget.credit('cam');
      expect(budget.tokensOf('cam')).toBe(2);
    });

    it('bounds hedges over any run of requests by burst + ratio × requests', () => {
      // Every request is late and asks for a hedge. The bound is 2 + 0.1 × 100 = 12; the
      // first request's tenth is lost to the full bucket, so: requests 1 and 2 spend the
      // burst (2 → 0.1 left), then every tenth request has earned one (11, 21, …, 91): 11.
      const budget = new HedgeBudget({
        ...policy,
        maxConcurrentPerApp: 100,
        maxConcurrentPerNode: 100,
      });
      let granted = 0;
      for (let i = 0; i < 100; i++) {
        budget.credit('cam');
        if (budget.take('cam', 'b').ok) {
          granted += 1;
          budget.release('cam', 'b');
        }
      }
      expect(granted).toBe(11);
    });

    it('keeps one bucket per app', () => {
      const budget = new HedgeBudget({ ...policy, budgetBurst: 1 });
      expect(budget.take('cam', 'b').ok).toBe(true);
      expect(budget.take('mic', 'b').ok).toBe(true);
      expect(budget.take('cam', 'b')).toEqual({ ok: false, reason: 'budget' });
    });
  });

  describe('hedges under way', () => {
    it('caps them per app, without spending a token on the refusal', () => {
      const budget = new HedgeBudget({ ...policy, budgetBurst: 5 });
      expect(budget.take('cam', 'b').ok).toBe(true);
      expect(budget.take('cam', 'c').ok).toBe(true);
      expect(budget.take('cam', 'd')).toEqual({ ok: false, reason: 'concurrency' });
      expect(budget.tokensOf('cam')).toBe(3);
      budget.release('cam', 'b');
      expect(budget.inFlight({ app: 'cam' })).toBe(1);
      expect(budget.take('cam', 'd').ok).toBe(true);
    });

    it('caps them per understudy node, over all its apps', () => {
      const budget = new HedgeBudget(policy);
      for (const app of ['a1', 'a2', 'a3']) expect(budget.take(app, 'b').ok).toBe(true);
      expect(budget.take('a4', 'b')).toEqual({ ok: false, reason: 'concurrency' });
      expect(budget.take('a4', 'c').ok).toBe(true);
      budget.release('a1', 'b');
      expect(budget.inFlight({ node: 'b' })).toBe(2);
      expect(budget.take('a4', 'b').ok).toBe(true);
    });
  });
});
