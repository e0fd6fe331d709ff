/**
 * Reserve draining: a node's reserve is the largest cold load any one scenario puts on it, so
 * lowering it means moving every cold understudy of every scenario at the top. This move tries
 * to empty a node's reserve entirely by relocating each of its cold understudies, at no loss of
 * value, to nodes whose reserve already covers them (the linear relaxation does the same: it
 * concentrates cold understudies on a few nodes with large reserves, freeing the others for warm
 * understudies). Kept only if every relocation succeeds; the freed memory is then available to
 * the upgrade moves that follow.
 */
import { FIT_TOLERANCE_MIB } from './ledger.ts';
import { GAIN_EPSILON } from './moves.ts';
import { chooseNode } from './node-choice.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';

/** One pass over nodes, smallest reserve first; returns the memory freed, in MiB. */
export async function drainReserves(placement: Placement, pacer: Pacer): Promise<number> {
  const { ledger } = placement;
  const nodes = [...Array(ledger.nodeCount).keys()]
    .filter((n) => (ledger.reserve[n] ?? 0) > FIT_TOLERANCE_MIB)
    .sort((x, y) => (ledger.reserve[x] ?? 0) - (ledger.reserve[y] ?? 0) || x - y);
  let freed = 0;
  for (const n of nodes) {
    if (pacer.due()) await pacer.pause();
    if (pacer.expired) break;
    freed += drainNode(placement, n);
  }
  return freed;
}

function drainNode(placement: Placement, n: number): number {
  const { ledger } = placement;
  const before = ledger.reserve[n] ?? 0;
  const cold = [...(placement.residents[n] ?? [])]
    .filter((b) => placement.optionOf(b, placement.option[b] ?? 0).mode === 'cold')
    .sort((x, y) => footprint(placement, y) - footprint(placement, x) || x - y);
  placement.begin();
  for (const b of cold) {
    const value = placement.valueOf(b);
    placement.unassign(b);
    if (!relocateFree(placement, b, n, value)) {
      placement.rollback();
      return 0;
    }
  }
  placement.commit();
  return before - (ledger.reserve[n] ?? 0);
}

/** Puts b, already unassigned, on a node other than n at no reserve growth and no value loss. */
function relocateFree(placement: Placement, b: number, n: number, value: number): boolean {
  const options = placement.candidates[b]?.options ?? [];
  for (let o = 0; o < options.length; o++) {
    if ((options[o]?.value ?? -Infinity) < value - GAIN_EPSILON || options[o]?.mode !== 'cold')
      continue;
    const choice = chooseNode(placement, b, o, n);
    if (choice.node >= 0 && choice.costMiB <= FIT_TOLERANCE_MIB) {
      placement.assign(b, o, choice.node);
      return true;
    }
  }
  return false;
}

function footprint(placement: Placement, b: number): number {
  return placement.optionOf(b, placement.option[b] ?? 0).footprintMiB;
}
