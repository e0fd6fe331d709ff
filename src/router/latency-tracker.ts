/**
 * The latencies of an application's most recent successful answers, in a ring of fixed size,
 * with a sorted copy kept beside it so a percentile is one array read. Recording costs one
 * binary search and two short `copyWithin`s (≤ the ring's size), so it stays off the
 * router's overhead budget. Pure: no clock, no I/O.
 */
export class LatencyTracker {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private size = 0;
  private next = 0;

  /** `capacity`: how many recent samples count (≥ 1). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  /** How many samples are held (at most `capacity`). */
  get count(): number {
    return this.size;
  }

  /** Takes one latency in, in ms; the oldest one leaves once the ring is full. */
  record(latencyMs: number): void {
    if (this.size === this.capacity) {
      this.removeSorted(this.ring[this.next] as number);
      this.size -= 1;
    }
    this.ring[this.next] = latencyMs;
    this.next = (this.next + 1) % this.capacity;
    this.insertSorted(latencyMs);
    this.size += 1;
  }

  /**
   * The nearest-rank percentile (`q` in (0, 100]) of the samples held, in ms: the smallest
   * sample with at least q % of the samples at or below it. Undefined when there are none.
   */
  percentile(q: number): number | undefined {
    if (this.size === 0) return undefined;
    const rank = Math.min(this.size, Math.max(1, Math.ceil((q / 100) * this.size)));
    return this.sorted[rank - 1];
  }

  private insertSorted(value: number): void {
    const at = this.lowerBound(value);
    this.sorted.copyWithin(at + 1, at, this.size);
    this.sorted[at] = value;
  }

  private removeSorted(value: number): void {
    const at = this.lowerBound(value);
    this.sorted.copyWithin(at, at + 1, this.size);
  }

  /** The first index in the sorted part whose sample is ≥ `value`. */
  private lowerBound(value: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.sorted[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
