/**
 * Best-response local search: each application in turn takes its best single move given all
 * others (a strict gain, or the same value with memory freed). Every accepted move improves
 * (objective, −memory used) lexicographically, so passes terminate; they stop when a pass
 * changes nothing or `maxPasses` is reached.
 */
import { applyMove, bestResponse } from './moves.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';

export async function bestResponsePasses(
  placement: Placement,
  maxPasses: number,
  pacer: Pacer,
): Promise<number> {
  let passes = 0;
  for (; passes < maxPasses && !pacer.expired; passes++) {
    let changed = false;
    for (let a = 0; a < placement.snapshot.apps.length; a++) {
      if (pacer.due()) await pacer.pause();
      const move = bestResponse(placement, a);
      if (move === undefined) continue;
      applyMove(placement, move);
      changed = true;
    }
    if (!changed) break;
  }
  return passes;
}
