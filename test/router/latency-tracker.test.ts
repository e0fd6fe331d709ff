import { describe, expect, it } from 'vitest';
import { LatencyTracker } from '../../src/router/latency-tracker.ts';

/** A tracker of `capacity` that has recorded `samples` in order. */
function trackerOf(capacity: number, samples: number[]): LatencyTracker {
  const tracker = new LatencyTracker(capacity);
  for (const sample of samples) tracker.record(sample);
  return tracker;
}

/** 1, 2, …, n in a scrambled order (7 is coprime with every n used here). */
function scrambled(n: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1);
}

describe('LatencyTracker', () => {
  describe('percentile (nearest rank)', () => {
    const cases: Array<{
      name: string;
      capacity: number;
      samples: number[];
      q: number;
      want: number | undefined;
    }> = [
      { name: 'nothing recorded', capacity: 4, samples: [], q: 99, want: undefined },
      { name: 'one sample is every percentile', capacity: 4, samples: [3], q: 1, want: 3 },
      // 100 samples 1..100: the p99 is the 99th smallest, 99.
      { name: 'p99 of 1..100', capacity: 200, samples: scrambled(100), q: 99, want: 99 },
      // rank ⌈0.5 × 100⌉ = 50.
      { name: 'p50 of 1..100', capacity: 200, samples: scrambled(100), q: 50, want: 50 },
      // 10 samples: rank ⌈0.99 × 10⌉ = 10, the largest.
      { name: 'p99 of ten is the largest', capacity: 200, samples: scrambled(10), q: 99, want: 10 },
      { name: 'p100 is the largest', capacity: 200, samples: [5, 1, 9, 2], q: 100, want: 9 },
      { name: 'equal samples', capacity: 8, samples: [4, 4, 4, 4], q: 99, want: 4 },
    ];
    for (const { name, capacity, samples, q, want } of cases)
      it(name, () => expect(trackerOf(capacity, samples).percentile(q)).toBe(want));
  });

  describe('when more samples come than it holds', () => {
    it('keeps only the newest: old slow answers stop counting', () => {
      // 100 ms five times, then 1..5: the ring of 5 holds 1..5 only.
      const tracker = trackerOf(5, [100, 100, 100, 100, 100, 3, 1, 5, 2, 4]);
      expect(tracker.count).toBe(5);
      expect(tracker.percentile(100)).toBe(5);
      expect(tracker.percentile(20)).toBe(1);
    });

    it('agrees with sorting the last window, sample after sample', () => {
      const capacity = 7;
      const samples = Array.from({ length: 60 }, (_, i) => ((i * 37) % 23) + (i % 3) * 0.5);
      const tracker = new LatencyTracker(capacity);
      samples.forEach((sample, i) => {
        tracker.record(sample);
        const window = samples.slice(Math.max(0, i + 1 - capacity), i + 1).sort((a, b) => a - b);
        for (const q of [1, 50, 90, 99, 100]) {
          const rank = Math.max(1, Math.ceil((q / 100) * window.length));
          expect(tracker.percentile(q)).toBe(window[rank - 1]);
        }
      });
    });
  });

  it('refuses a capacity below one', () => {
    expect(() => new LatencyTracker(0)).toThrow('capacity must be a whole number ≥ 1, got 0');
  });
});
