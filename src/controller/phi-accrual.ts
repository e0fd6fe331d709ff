/**
 * The φ accrual failure detector (Hayashibara et al., 2004; as in Akka and Cassandra): from
 * the intervals between the heartbeats that arrived, how unlikely is the silence since the
 * last one? φ = −log10 P(a heartbeat comes later than now), with the intervals taken as
 * normally distributed. φ = 1 means a 10 % chance of being wrong in suspecting the node,
 * φ = 8 one in 10⁸. The bound adapts: a node whose beats jitter (a busy host, a lossy link)
 * is given longer before it is suspected, a steady one is suspected within a few intervals.
 */

/** Options for {@link PhiAccrual}; durations in ms. */
export interface PhiAccrualOptions {
  /** How many recent intervals are kept. Default 200. */
  windowSize?: number;
  /** Intervals needed before φ is computed; fewer and the detector has no opinion. Default 10. */
  minSamples?: number;
  /** Floor of the standard deviation, so a perfectly steady sender is not judged on noise. */
  minStdDevMs?: number;
  /**
   * Intervals longer than this are not learnt from: they are outages (a stop, a partition),
   * not jitter, and would make the next outage take ages to see. Default 2000.
   */
  maxIntervalMs?: number;
}

/** What a detector knows of one node right now. */
export interface PhiReading {
  phi: number;
  /** Since the last heartbeat arrived, ms. */
  silentMs: number;
  meanIntervalMs: number;
  stdDevMs: number;
  samples: number;
}

export class PhiAccrual {
  private readonly options: Required<PhiAccrualOptions>;
  private readonly intervals: number[] = [];
  private next = 0;
  private sum = 0;
  private sumOfSquares = 0;
  private lastArrivalMs: number | undefined;

  constructor(options: PhiAccrualOptions = {}) {
    this.options = {
      windowSize: 200,
      minSamples: 10,
      minStdDevMs: 5,
      maxIntervalMs: 2_000,
      ...options,
    };
  }

  /** When the last heartbeat arrived (epoch ms), if one did. */
  get lastHeartbeatMs(): number | undefined {
    return this.lastArrivalMs;
  }

  /** A heartbeat arrived at `atMs`. */
  heartbeat(atMs: number): void {
    const last = this.lastArrivalMs;
    this.lastArrivalMs = atMs;
    if (last === undefined) return;
    const interval = atMs - last;
    if (interval < 0 || interval > this.options.maxIntervalMs) return;
    this.record(interval);
  }

  /** Forgets the history (the node was failed or restarted): it is learnt afresh. */
  reset(): void {
    this.intervals.length = 0;
    this.next = 0;
    this.sum = 0;
    this.sumOfSquares = 0;
    this.lastArrivalMs = undefined;
  }

  /** φ at `nowMs`; undefined until enough intervals were seen. */
  read(nowMs: number): PhiReading | undefined {
    const samples = this.intervals.length;
    if (this.lastArrivalMs === undefined || samples < this.options.minSamples) return undefined;
    const mean = this.sum / samples;
    const variance = Math.max(0, this.sumOfSquares / samples - mean * mean);
    const stdDev = Math.max(Math.sqrt(variance), this.options.minStdDevMs);
    const silentMs = Math.max(0, nowMs - this.lastArrivalMs);
    return {
      phi: phiOf(silentMs, mean, stdDev),
      silentMs,
      meanIntervalMs: mean,
      stdDevMs: stdDev,
      samples,
    };
  }

  private record(interval: number): void {
    if (this.intervals.length < this.options.windowSize) {
      this.intervals.push(interval);
    } else {
      const old = this.intervals[this.next] ?? 0;
      this.sum -= old;
      this.sumOfSquares -= old * old;
      this.intervals[this.next] = interval;
      this.next = (this.next + 1) % this.options.windowSize;
    }
    this.sum += interval;
    this.sumOfSquares += interval * interval;
  }
}

/**
 * φ of a silence of `silentMs` given intervals of `mean` and `stdDev`, with the logistic
 * approximation of the normal tail that Akka uses (accurate to ~10⁻⁴ and never infinite).
 */
export function phiOf(silentMs: number, mean: number, stdDev: number): number {
  const y = (silentMs - mean) / stdDev;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  const later = silentMs > mean ? e / (1 + e) : 1 - 1 / (1 + e);
  return -Math.log10(Math.max(later, Number.MIN_VALUE));
}
