import { describe, expect, it } from 'vitest';
import { HEDGE_DEFAULTS, hedgeDelayMs, hedgePolicyOf } from '../../src/router/hedge-policy.ts';

describe('hedgeDelayMs', () => {
  const cases: Array<{ name: string; count: number; p99Ms: number | undefined; want: number }> = [
    { name: 'nothing measured: the default', count: 0, p99Ms: undefined, want: 50 },
    // 19 < minSamples 20: the p99 of so few is not trusted.
    { name: 'too few samples: the default', count: 19, p99Ms: 2, want: 50 },
    // 2 + max(5, 1) = 7.
    { name: 'a fast app: the least margin', count: 20, p99Ms: 2, want: 7 },
    // 10 + max(5, 5) = 15: where the two margins meet.
    { name: 'where the margins meet', count: 200, p99Ms: 10, want: 15 },
    // 40 + max(5, 20) = 60: over the default, as a slow model needs.
    { name: 'a slow app: half its p99', count: 200, p99Ms: 40, want: 60 },
  ];
  for (const { name, count, p99Ms, want } of cases)
    it(name, () => expect(hedgeDelayMs({ count, p99Ms }, HEDGE_DEFAULTS)).toBe(want));
});

describe('hedgePolicyOf', () => {
  it('fills in the defaults', () => {
    expect(hedgePolicyOf()).toEqual({
      enabled: true,
      windowSamples: 200,
      minSamples: 20,
      defaultDelayMs: 50,
      minMarginMs: 5,
      marginRatio: 0.5,
      budgetRatio: 0.1,
      budgetBurst: 10,
      maxConcurrentPerApp: 4,
      maxConcurrentPerNode: 16,
    });
  });

  it('takes what is given and keeps the rest', () => {
    expect(hedgePolicyOf({ defaultDelayMs: 20, budgetBurst: 3 })).toMatchObject({
      defaultDelayMs: 20,
      budgetBurst: 3,
      budgetRatio: 0.1,
    });
  });

  it('names every field out of range at once', () => {
    expect(() =>
      hedgePolicyOf({ windowSamples: 0, budgetRatio: 1.5, maxConcurrentPerApp: 2.5 }),
    ).toThrow(
      'hedge options: windowSamples must be a whole number ≥ 1, got 0; ' +
        'budgetRatio must be a number in [0, 1], got 1.5; ' +
        'maxConcurrentPerApp must be a whole number ≥ 1, got 2.5',
    );
  });
});
