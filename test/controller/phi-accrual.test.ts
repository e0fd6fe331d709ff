import { describe, expect, it } from 'vitest';
import { PhiAccrual, phiOf } from '../../src/controller/phi-accrual.ts';

/** A detector fed `count` beats `intervals(i)` ms apart from t = 0; returns it and the last beat. */
function fed(count: number, interval: (i: number) => number) {
  const detector = new PhiAccrual();
  let atMs = 0;
  for (let i = 0; i < count; i++) {
    atMs += interval(i);
    detector.heartbeat(atMs);
  }
  return { detector, lastMs: atMs };
}

/** The first silence (ms, to 1 ms) at which the detector's φ reaches `phi`. */
function silenceAt(detector: PhiAccrual, lastMs: number, phi: number): number {
  for (let silence = 0; silence < 10_000; silence++)
    if ((detector.read(lastMs + silence)?.phi ?? 0) >= phi) return silence;
  return Infinity;
}

describe('the φ accrual detector', () => {
  it('has no opinion before it has seen enough intervals', () => {
    const { detector, lastMs } = fed(5, () => 20);
    expect(detector.read(lastMs + 1_000)).toBeUndefined();
  });

  it('suspects a steady 20 ms sender within a few intervals, and not on time', () => {
    const { detector, lastMs } = fed(100, () => 20);
    expect(detector.read(lastMs + 20)?.phi).toBeLessThan(1);
    const failAt = silenceAt(detector, lastMs, 8);
    expect(failAt).toBeGreaterThan(30);
    expect(failAt).toBeLessThan(60);
  });

  it('gives a jittery sender longer', () => {
    const steady = fed(200, () => 20);
    const jittery = fed(200, (i) => (i % 2 === 0 ? 5 : 35));
    expect(silenceAt(jittery.detector, jittery.lastMs, 8)).toBeGreaterThan(
      silenceAt(steady.detector, steady.lastMs, 8) + 20,
    );
  });

  it('does not learn from an outage, nor keep its history after a reset', () => {
    const { detector, lastMs } = fed(100, () => 20);
    detector.heartbeat(lastMs + 5_000);
    for (let i = 1; i <= 5; i++) detector.heartbeat(lastMs + 5_000 + i * 20);
    expect(detector.read(lastMs + 5_100)?.meanIntervalMs).toBeCloseTo(20, 5);
    detector.reset();
    expect(detector.read(lastMs + 5_100)).toBeUndefined();
  });

  it('φ grows with the silence and is finite far out', () => {
    expect(phiOf(10, 20, 5)).toBeLessThan(phiOf(40, 20, 5));
    expect(Number.isFinite(phiOf(100_000, 20, 5))).toBe(true);
  });
});
