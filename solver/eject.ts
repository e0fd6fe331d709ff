/**
 * Ejection moves: give application a option o on node n although n is full, by first moving
 * other understudies off n — to their best place elsewhere, or, when that is worth it,
 * dropping them — or shrinking them in place (a smaller variant, or cold instead of warm). Evictions are taken cheapest loss per freed MiB first; the whole move is kept
 * only if a's gain exceeds every loss, otherwise rolled back. This is the neighbourhood the
 * greedy and single moves cannot reach: a full node whose contents could live elsewhere
 * (Glover 1996, ejection chains, here of depth one).
 */
import { FIT_TOLERANCE_MIB } from './ledger.ts';
import { GAIN_EPSILON, bestRelocation } from './moves.ts';
import type { Move } from './moves.ts';
import type { Placement } from './placement.ts';

/** Memory missing on n for option o of a (≤ 0 when it fits). a's own understudy must be off. */
export function shortfall(placement: Placement, a: number, o: number, n: number): number {
  const option = placement.optionOf(a, o);
  return option.mode === 'warm'
    ? option.footprintMiB - placement.ledger.free(n)
    : option.footprintMiB - placement.ledger.coldRoom(n, placement.primaryScenario(a));
}

/** Applies the ejection if profitable; returns the net objective gain (0 when rolled back). */
export function tryEjection(
  placement: Placement,
  a: number,
  o: number,
  n: number,
  maxEvictions: number,
): number {
  const gain = placement.optionOf(a, o).value - placement.valueOf(a);
  if (gain <= GAIN_EPSILON) return 0;
  placement.begin();
  placement.unassign(a);
  let loss = 0;
  for (let k = 0; k <= maxEvictions; k++) {
    if (shortfall(placement, a, o, n) <= FIT_TOLERANCE_MIB / 2) break;
    const eviction = k < maxEvictions ? cheapestEviction(placement, a, o, n) : undefined;
    if (eviction === undefined || loss - eviction.gain >= gain - GAIN_EPSILON) {
      placement.rollback();
      return 0;
    }
    placement.unassign(eviction.app);
    if (eviction.option >= 0) placement.assign(eviction.app, eviction.option, eviction.node);
    loss -= eviction.gain;
  }
  if (!placement.canAssign(a, o, n) || loss >= gain - GAIN_EPSILON) {
    placement.rollback();
    return 0;
  }
  placement.assign(a, o, n);
  placement.commit();
  return gain - loss;
}

/**
 * The cheapest way, per MiB freed for option o of a, to change one resident of n: move it to its
 * best place elsewhere, or switch it in place to an option that needs less of n (a smaller
 * variant, or cold instead of warm).
 */
function cheapestEviction(placement: Placement, a: number, o: number, n: number): Move | undefined {
  let best: Move | undefined;
  let bestRatio = Infinity;
  const before = shortfall(placement, a, o, n);
  const consider = (move: Move, freed: number) => {
    if (freed <= FIT_TOLERANCE_MIB) return;
    const ratio = Math.max(0, -move.gain) / Math.min(freed, before);
    if (ratio < bestRatio) {
      best = move;
      bestRatio = ratio;
    }
  };
  for (const b of [...(placement.residents[n] ?? [])]) {
    const ob = placement.option[b] ?? -1;
    const value = placement.valueOf(b);
    placement.unassign(b);
    const freed = before - shortfall(placement, a, o, n);
    const options = placement.candidates[b]?.options ?? [];
    for (let alt = 0; alt < options.length; alt++) {
      if (alt === ob || !placement.canAssign(b, alt, n)) continue;
      placement.assign(b, alt, n);
      const freedInPlace = before - shortfall(placement, a, o, n);
      placement.unassign(b);
      consider(
        { app: b, option: alt, node: n, gain: (options[alt]?.value ?? 0) - value, netMiB: 0 },
        freedInPlace,
      );
    }
    placement.assign(b, ob, n);
    if (freed > FIT_TOLERANCE_MIB) consider(bestRelocation(placement, b, n), freed);
  }
  return best;
}
