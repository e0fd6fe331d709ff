/**
 * Applications no plan can protect, whatever else it does: no option passes the filters, or no
 * node outside the primary's node (or domain) has room for any option even when empty. Their
 * penalty is a constant of the objective (`fixedValue`), kept out of gap denominators and out of
 * the MILP. Only pinned primaries count: a planner-placed primary's fate depends on the plan.
 */
import type { AppOptions } from './options.ts';
import type { Snapshot } from './snapshot.ts';
import { unprotectedValue } from './value.ts';

/** For each scenario f, the largest room of a usable node outside f. */
export function largestRoomOutside(snapshot: Snapshot): number[] {
  const best = snapshot.scenarioIds.map(() => 0);
  snapshot.roomMiB.forEach((room, n) => {
    if (snapshot.overloaded[n]) return;
    const own = snapshot.scenarioOf[n] ?? -1;
    best[own] = Math.max(best[own] ?? 0, room);
  });
  // largest outside f = the largest over other scenarios: keep the top two scenarios.
  let first = -1;
  let second = -1;
  best.forEach((room, f) => {
    if (first < 0 || room > (best[first] ?? 0)) {
      second = first;
      first = f;
    } else if (second < 0 || room > (best[second] ?? 0)) second = f;
  });
  return best.map((_, f) =>
    f === first ? (second < 0 ? 0 : (best[second] ?? 0)) : first < 0 ? 0 : (best[first] ?? 0),
  );
}

export function unprotectableApps(
  snapshot: Snapshot,
  candidates: readonly AppOptions[],
): boolean[] {
  const outside = largestRoomOutside(snapshot);
  return snapshot.apps.map((app, a) => {
    if (app.pinnedNode < 0) return false;
    const room = outside[snapshot.scenarioOf[app.pinnedNode] ?? 0] ?? 0;
    return !(candidates[a]?.options ?? []).some((option) => option.footprintMiB <= room);
  });
}

/** The objective's constant part: the penalties of unprotectable applications. */
export function fixedValueOf(snapshot: Snapshot, unprotectable: readonly boolean[]): number {
  let total = 0;
  snapshot.apps.forEach((app, a) => {
    if (unprotectable[a]) total += unprotectedValue(snapshot, app);
  });
  return total;
}
