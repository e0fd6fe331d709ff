/**
 * Moves of planner-placed primaries: an unpinned application may move its primary (and then
 * re-choose its understudy) when the pair is worth more elsewhere — typically when its
 * understudy cannot find room because of where the primary sits. Candidate nodes are the few
 * with the most free memory, plus the current one. Also places primaries that did not fit.
 */
import { fits } from './ledger.ts';
import { bestResponse } from './moves.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';

/** Tries every planner-placed primary once; returns how many moved. */
export async function relocatePrimaries(
  placement: Placement,
  nodesPerApp: number,
  pacer: Pacer,
): Promise<number> {
  let moved = 0;
  for (let a = 0; a < placement.snapshot.apps.length; a++) {
    if (pacer.due()) await pacer.pause();
    if (pacer.expired) break;
    if ((placement.snapshot.apps[a]?.pinnedNode ?? 0) >= 0) continue;
    if (relocateOne(placement, a, nodesPerApp)) moved++;
  }
  return moved;
}

function relocateOne(placement: Placement, a: number, nodesPerApp: number): boolean {
  const before = placement.valueOf(a);
  const p0 = placement.primaryNode[a] ?? -1;
  const o0 = placement.option[a] ?? -1;
  const n0 = placement.understudyNode[a] ?? -1;
  placement.unassign(a);
  if (p0 >= 0) placement.unplacePrimary(a);
  let best = { p: -1, value: before };
  for (const p of roomiestNodes(placement, placement.primaryMiB(a), nodesPerApp)) {
    if (p === p0) continue;
    placement.placePrimary(a, p);
    const value = placement.valueOf(a) + (bestResponse(placement, a)?.gain ?? 0);
    placement.unplacePrimary(a);
    if (value > best.value + 1e-9) best = { p, value };
  }
  if (best.p < 0) {
    if (p0 >= 0) placement.placePrimary(a, p0);
    if (o0 >= 0) placement.assign(a, o0, n0);
    return false;
  }
  placement.placePrimary(a, best.p);
  const move = bestResponse(placement, a);
  if (move !== undefined) placement.assign(a, move.option, move.node);
  return true;
}

/** The k usable nodes with the most free memory that hold `mib`, most free first. */
function roomiestNodes(placement: Placement, mib: number, k: number): number[] {
  const { ledger, snapshot } = placement;
  const top: number[] = [];
  for (let n = 0; n < ledger.nodeCount; n++) {
    if (snapshot.overloaded[n] || !fits(mib, ledger.free(n))) continue;
    let i = top.length;
    while (i > 0 && ledger.free(top[i - 1] ?? 0) < ledger.free(n)) i--;
    if (i < k) {
      top.splice(i, 0, n);
      if (top.length > k) top.pop();
    }
  }
  return top;
}
