/**
 * Memory accounting of a (partial) plan, in the aggregated form the solver works with:
 *
 *   steady(n) + reserve(n) ≤ room(n),   reserve(n) = max over scenarios f of cold(n, f)
 *
 * which is exactly "every node fits in steady state and under every failure scenario", because
 * a node's load while f is down is steady(n) + cold(n, f). room(n) is the node's capacity minus
 * its pinned primaries; `steady` holds planner-placed primaries and warm understudies; `cold`
 * holds, per scenario, the cold understudies (with their progressive first steps) that load on
 * n when that scenario's primaries fail.
 */
import type { Snapshot } from './snapshot.ts';

/** Slack allowed in "fits" tests, in MiB; far below the checker's 1e-6 MiB tolerance. */
export const FIT_TOLERANCE_MIB = 1e-7;

export class MemoryLedger {
  readonly nodeCount: number;
  readonly scenarioCount: number;
  readonly room: Float64Array;
  readonly steady: Float64Array;
  /** cold[n * scenarioCount + f]. */
  readonly cold: Float64Array;
  readonly reserve: Float64Array;

  constructor(snapshot: Snapshot) {
    this.nodeCount = snapshot.nodeIds.length;
    this.scenarioCount = snapshot.scenarioIds.length;
    this.room = Float64Array.from(snapshot.roomMiB);
    this.steady = new Float64Array(this.nodeCount);
    this.cold = new Float64Array(this.nodeCount * this.scenarioCount);
    this.reserve = new Float64Array(this.nodeCount);
  }

  /** Memory on n that nothing holds in any scenario. */
  free(n: number): number {
    return (this.room[n] ?? 0) - (this.steady[n] ?? 0) - (this.reserve[n] ?? 0);
  }

  /** Memory on n still unused while scenario f is down. */
  coldRoom(n: number, f: number): number {
    return (
      (this.room[n] ?? 0) - (this.steady[n] ?? 0) - (this.cold[n * this.scenarioCount + f] ?? 0)
    );
  }

  coldLoad(n: number, f: number): number {
    return this.cold[n * this.scenarioCount + f] ?? 0;
  }

  addSteady(n: number, mib: number): void {
    this.steady[n] = (this.steady[n] ?? 0) + mib;
  }

  removeSteady(n: number, mib: number): void {
    this.steady[n] = (this.steady[n] ?? 0) - mib;
  }

  addCold(n: number, f: number, mib: number): void {
    const at = n * this.scenarioCount + f;
    const load = (this.cold[at] ?? 0) + mib;
    this.cold[at] = load;
    if (load > (this.reserve[n] ?? 0)) this.reserve[n] = load;
  }

  removeCold(n: number, f: number, mib: number): void {
    const at = n * this.scenarioCount + f;
    const before = this.cold[at] ?? 0;
    this.cold[at] = before - mib;
    if (before >= (this.reserve[n] ?? 0)) this.reserve[n] = this.maxCold(n);
  }

  /** How much the node's reserve grows if `mib` more loads on it when f is down. */
  reserveGrowth(n: number, f: number, mib: number): number {
    return Math.max(0, this.coldLoad(n, f) + mib - (this.reserve[n] ?? 0));
  }

  private maxCold(n: number): number {
    const from = n * this.scenarioCount;
    let max = 0;
    for (let f = 0; f < this.scenarioCount; f++) max = Math.max(max, this.cold[from + f] ?? 0);
    return max;
  }
}

export function fits(need: number, have: number): boolean {
  return need <= have + FIT_TOLERANCE_MIB;
}
