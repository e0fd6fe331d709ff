/** Time source of the agent; injectable so tests and benchmarks can control it. */
export interface Clock {
  /** Epoch milliseconds with sub-millisecond precision (events carry it as `atMs`). */
  nowMs(): number;
}

/**
 * A clock on `performance.now()`, anchored to the epoch: event timestamps from one agent can
 * be subtracted to the microsecond, and compared across processes to within the drift of
 * `performance.timeOrigin` (well under a millisecond on one machine).
 */
export function createPreciseClock(): Clock {
  const origin = performance.timeOrigin;
  return { nowMs: () => origin + performance.now() };
}
