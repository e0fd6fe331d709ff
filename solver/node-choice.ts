/**
 * Which node an option goes to, given the memory already committed. Both rules aim to keep
 * large blocks of memory whole for later, larger options:
 *
 * - warm: best fit, the eligible node with the least free memory that still holds it;
 * - cold: the node whose reserve grows least (ideally not at all: cold understudies of
 *   different scenarios share a node's reserve, because only one scenario happens at a time),
 *   then the tightest fit.
 *
 * Ties go to the lowest node index, so choices are deterministic.
 */
import { FIT_TOLERANCE_MIB } from './ledger.ts';
import type { Placement } from './placement.ts';

export interface NodeChoice {
  readonly node: number;
  /** How much memory no longer free in every scenario: the footprint (warm) or reserve growth (cold). */
  readonly costMiB: number;
}

const NONE: NodeChoice = { node: -1, costMiB: Infinity };

/** `excluded` is a node the option must not use (-1 for none). */
export function chooseNode(placement: Placement, a: number, o: number, excluded = -1): NodeChoice {
  const f = placement.primaryScenario(a);
  if (f < 0) return NONE;
  const option = placement.optionOf(a, o);
  return option.mode === 'warm'
    ? bestWarm(placement, f, option.footprintMiB, excluded)
    : bestCold(placement, f, option.footprintMiB, excluded);
}

function bestWarm(placement: Placement, f: number, need: number, excluded: number): NodeChoice {
  const { ledger, snapshot } = placement;
  let best = -1;
  let bestSlack = Infinity;
  for (let n = 0; n < ledger.nodeCount; n++) {
    if (snapshot.scenarioOf[n] === f || snapshot.overloaded[n] || n === excluded) continue;
    const slack = ledger.free(n) - need;
    if (slack >= -FIT_TOLERANCE_MIB && slack < bestSlack) {
      best = n;
      bestSlack = slack;
    }
  }
  return best < 0 ? NONE : { node: best, costMiB: need };
}

function bestCold(placement: Placement, f: number, need: number, excluded: number): NodeChoice {
  const { ledger, snapshot } = placement;
  let best = -1;
  let bestGrowth = Infinity;
  let bestSlack = Infinity;
  for (let n = 0; n < ledger.nodeCount; n++) {
    if (snapshot.scenarioOf[n] === f || snapshot.overloaded[n] || n === excluded) continue;
    if (ledger.coldRoom(n, f) - need < -FIT_TOLERANCE_MIB) continue;
    const growth = ledger.reserveGrowth(n, f, need);
    const slack = (ledger.reserve[n] ?? 0) - ledger.coldLoad(n, f) - need;
    if (growth < bestGrowth || (growth === bestGrowth && slack < bestSlack)) {
      best = n;
      bestGrowth = growth;
      bestSlack = slack;
    }
  }
  return best < 0 ? NONE : { node: best, costMiB: bestGrowth };
}
