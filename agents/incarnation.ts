/**
 * This agent's incarnation of its node: the epoch its registration began, or the one a
 * re-admission moved it to. A failure notice judged an earlier epoch is about a process (or a
 * fence) already behind this one — acting on it would fence a node the planner counts as up.
 */
export class Incarnation {
  private epoch: number | undefined;

  /** Undefined until the node is registered. */
  get current(): number | undefined {
    return this.epoch;
  }

  /** Takes `epoch` in; an older one changes nothing. */
  adopt(epoch: number): void {
    if (this.epoch === undefined || epoch > this.epoch) this.epoch = epoch;
  }

  /** True when a notice about `epoch` concerns an earlier incarnation than this one. */
  isStale(epoch: number): boolean {
    return this.epoch !== undefined && epoch < this.epoch;
  }
}
