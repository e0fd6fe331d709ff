import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { HedgeMetrics } from '../../src/router/hedge-metrics.ts';
import { hedgePolicyOf } from '../../src/router/hedge-policy.ts';
import type { HedgeOptions } from '../../src/router/hedge-policy.ts';
import { Hedger } from '../../src/router/hedger.ts';

/** A hedger on a clock the test moves, and its counters as `/metrics` shows them. */
function hedgerOf(options: HedgeOptions = {}) {
  const clock = { ms: 1000 };
  const registry = new Registry();
  const hedger = new Hedger({
    policy: hedgePolicyOf(options),
    metrics: new HedgeMetrics(registry),
    nowMs: () => clock.ms,
  });
  return { hedger, clock, metrics: () => registry.metrics() };
}

describe('Hedger', () => {
  describe('delayMs', () => {
    it('is the default until enough primary answers were measured', () => {
      const { hedger } = hedgerOf();
      for (let i = 0; i < 19; i++) hedger.recordPrimary('cam', 2);
      expect(hedger.delayMs('cam')).toBe(50);
    });

    it('follows the app’s own p99 once they were', () => {
      const { hedger } = hedgerOf();
      // 20 answers: nineteen of 2 ms and one of 8 ms; p99 = the 20th smallest = 8 → 8 + 5.
      for (let i = 0; i < 19; i++) hedger.recordPrimary('cam', 2);
      hedger.recordPrimary('cam', 8);
      expect(hedger.delayMs('cam')).toBe(13);
      expect(hedger.delayMs('other')).toBe(50);
    });

    it('ignores latencies that are not real durations', () => {
      const { hedger } = hedgerOf({ minSamples: 1 });
      hedger.recordPrimary('cam', Number.NaN);
      hedger.recordPrimary('cam', -1);
      expect(hedger.delayMs('cam')).toBe(50);
    });
  });

  describe('admit', () => {
    it('grants a hedge when the primary node has said nothing since the request went out', () => {
      const { hedger, clock } = hedgerOf();
      hedger.answered('a');
      clock.ms += 5;
      expect(hedger.admit('cam', 'a', 'b', clock.ms)).toEqual({ ok: true });
    });

    it('refuses it while the primary node answered since and lately: it is alive, the request just slow', () => {
      const { hedger, clock } = hedgerOf();
      const sentAtMs = clock.ms;
      clock.ms += 3;
      hedger.answered('a');
      clock.ms += 20;
      // The delay is 50 ms, so an answer is evidence of life for 25 ms: 5 ms more.
      expect(hedger.admit('cam', 'a', 'b', sentAtMs)).toEqual({
        ok: false,
        reason: 'primary-alive',
        retryInMs: 5,
      });
      clock.ms += 4;
      expect(hedger.admit('cam', 'a', 'b', sentAtMs)).toMatchObject({ ok: false, retryInMs: 1 });
    });

    it('grants it once that answer is older than half the delay: the node fell silent after it', () => {
      const { hedger, clock } = hedgerOf();
      const sentAtMs = clock.ms;
      clock.ms += 3;
      hedger.answered('a');
      clock.ms += 25;
      expect(hedger.admit('cam', 'a', 'b', sentAtMs)).toEqual({ ok: true });
    });

    it('refuses it over budget, for good', () => {
      const { hedger, clock } = hedgerOf({ budgetBurst: 1 });
      expect(hedger.admit('cam', 'a', 'b', clock.ms)).toEqual({ ok: true });
      hedger.release('cam', 'b');
      expect(hedger.admit('cam', 'a', 'b', clock.ms)).toEqual({ ok: false, reason: 'budget' });
    });

    it('lets requests earn the budget back', () => {
      const { hedger, clock } = hedgerOf({ budgetBurst: 1, budgetRatio: 0.5 });
      expect(hedger.admit('cam', 'a', 'b', clock.ms).ok).toBe(true);
      hedger.release('cam', 'b');
      hedger.requested('cam');
      expect(hedger.admit('cam', 'a', 'b', clock.ms).ok).toBe(false);
      hedger.requested('cam');
      expect(hedger.admit('cam', 'a', 'b', clock.ms).ok).toBe(true);
    });
  });

  it('counts requests that went without a hedge, and why', async () => {
    const { hedger, metrics } = hedgerOf();
    hedger.suppressed('cam', 'primary-alive');
    hedger.suppressed('cam', 'budget');
    const text = await metrics();
    expect(text).toContain('understudy_router_hedges_total{app="cam",outcome="suppressed"} 2');
    expect(text).toContain(
      'understudy_router_hedge_suppressions_total{app="cam",reason="primary-alive"} 1',
    );
    expect(text).toContain(
      'understudy_router_hedge_suppressions_total{app="cam",reason="budget"} 1',
    );
  });

  it('counts hedges won and lost', async () => {
    const { hedger, metrics } = hedgerOf();
    hedger.settled('cam', true);
    hedger.settled('cam', true);
    hedger.settled('cam', false);
    const text = await metrics();
    expect(text).toContain('understudy_router_hedges_total{app="cam",outcome="won"} 2');
    expect(text).toContain('understudy_router_hedges_total{app="cam",outcome="lost"} 1');
  });
});
