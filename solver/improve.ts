/**
 * One improvement phase: rounds of protection by ejection, primary relocation, best-response
 * moves, reserve draining and upgrades by ejection, until a round gains nothing or `maxRounds`
 * is reached. Every move keeps the placement feasible and never lowers the objective.
 */
import { drainReserves } from './drain.ts';
import { bestResponsePasses } from './local-search.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';
import { relocatePrimaries } from './primary-moves.ts';
import { protectByEjection, upgradeByEjection } from './repair.ts';

const REPAIR = { nodesPerOption: 6, maxEvictions: 6, upgradeOptions: 3 };

/** Returns the number of rounds run. */
export async function improvePlacement(
  placement: Placement,
  pacer: Pacer,
  maxRounds: number,
): Promise<number> {
  const hasUnpinned = placement.snapshot.apps.some((app) => app.pinnedNode < 0);
  let round = 0;
  while (round < maxRounds && !pacer.expired) {
    round++;
    const before = placement.objective();
    await protectByEjection(placement, REPAIR, pacer);
    if (hasUnpinned) await relocatePrimaries(placement, 8, pacer);
    await bestResponsePasses(placement, 3, pacer);
    await drainReserves(placement, pacer);
    await upgradeByEjection(placement, REPAIR, pacer);
    await bestResponsePasses(placement, 3, pacer);
    if (placement.objective() <= before + 1e-9 * Math.max(1, Math.abs(before))) break;
  }
  return round;
}
