/**
 * Cooperative time-slicing for long solver loops: they call `due()` cheaply and, when it says
 * so, `await pause()`, which yields to the event loop so the process hosting the solver (the
 * planner API) keeps answering. Also carries the solve's deadline, a guard: normal stops are
 * iteration and gap criteria, so that the same input gives the same plan.
 */
export class Pacer {
  /** performance.now() value after which loops stop early. */
  readonly deadline: number;
  private readonly sliceMs: number;
  private lastYield = performance.now();

  /** `sliceMs`: most time spent without yielding, in ms (default 20). */
  constructor(deadline: number, sliceMs = 20) {
    this.deadline = deadline;
    this.sliceMs = sliceMs;
  }

  get expired(): boolean {
    return performance.now() >= this.deadline;
  }

  /** Milliseconds until the deadline (≥ 0). */
  get remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  due(): boolean {
    return performance.now() - this.lastYield >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
  }
}
