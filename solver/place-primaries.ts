/**
 * First placement of the primaries the planner chooses (unpinned ones): worst-fit decreasing
 * (largest primary first, onto the node with the most free memory). Spreading primaries keeps
 * headroom on every node for understudies, and keeps each failure scenario small. Local search
 * later moves primaries when that improves the objective. A primary that fits nowhere stays
 * unplaced (reported as `primary-not-placed`).
 */
import { fits } from './ledger.ts';
import type { Placement } from './placement.ts';

export function placePrimaries(placement: Placement): void {
  const { snapshot, ledger } = placement;
  const unpinned = snapshot.apps
    .map((app, a) => ({ a, mib: placement.primaryMiB(a), pinned: app.pinnedNode >= 0 }))
    .filter((x) => !x.pinned)
    .sort((x, y) => y.mib - x.mib || x.a - y.a);
  for (const { a, mib } of unpinned) {
    let best = -1;
    let bestFree = -Infinity;
    for (let n = 0; n < ledger.nodeCount; n++) {
      if (snapshot.overloaded[n]) continue;
      const free = ledger.free(n);
      if (fits(mib, free) && free > bestFree) {
        best = n;
        bestFree = free;
      }
    }
    if (best >= 0) placement.placePrimary(a, best);
  }
}
