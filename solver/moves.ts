/**
 * Single-application moves: change one application's understudy (option and node), everyone
 * else fixed. The application's own memory is released while its moves are evaluated, so a
 * move is judged by its net effect. `netMiB` is how much memory stops being free in every
 * scenario (negative when the move frees some).
 */
import { chooseNode } from './node-choice.ts';
import type { Placement } from './placement.ts';

export interface Move {
  readonly app: number;
  readonly option: number;
  readonly node: number;
  /** Objective change. */
  readonly gain: number;
  readonly netMiB: number;
}

/** Below this an objective change is noise (values are O(weight)). */
export const GAIN_EPSILON = 1e-9;

/**
 * The upgrade with the best gain per MiB (Sinha & Zoltners 1979, the incremental-efficiency
 * greedy for the multiple-choice knapsack); moves that cost no memory come first, by gain.
 */
export function bestUpgrade(placement: Placement, a: number): Move | undefined {
  let best: Move | undefined;
  forEachMove(placement, a, (move) => {
    if (move.gain > GAIN_EPSILON && (best === undefined || upgradeBefore(move, best))) best = move;
  });
  return best;
}

/** The move with the best gain, ties to the one that frees most memory; only strict improvements. */
export function bestResponse(placement: Placement, a: number): Move | undefined {
  let best: Move | undefined;
  forEachMove(placement, a, (move) => {
    const improves = move.gain > GAIN_EPSILON || (move.gain > -GAIN_EPSILON && move.netMiB < -1e-6);
    if (!improves) return;
    if (
      best === undefined ||
      move.gain > best.gain + GAIN_EPSILON ||
      (move.gain > best.gain - GAIN_EPSILON && move.netMiB < best.netMiB)
    ) {
      best = move;
    }
  });
  return best;
}

export function applyMove(placement: Placement, move: Move): void {
  placement.unassign(move.app);
  if (move.option >= 0) placement.assign(move.app, move.option, move.node);
}

/** Whether upgrade x should be taken before y. */
export function upgradeBefore(x: Move, y: Move): boolean {
  const xFree = x.netMiB <= 1e-9;
  const yFree = y.netMiB <= 1e-9;
  if (xFree !== yFree) return xFree;
  const xKey = xFree ? x.gain : x.gain / x.netMiB;
  const yKey = yFree ? y.gain : y.gain / y.netMiB;
  if (xKey !== yKey) return xKey > yKey;
  return x.app !== y.app ? x.app < y.app : x.option < y.option;
}

/**
 * Where application b's understudy goes if it must leave node `excluded`: its best move
 * elsewhere, or none at all (`option` -1). `gain` is negative when b loses value.
 */
export function bestRelocation(placement: Placement, b: number, excluded: number): Move {
  const app = placement.snapshot.apps[b];
  const dropped = app === undefined ? 0 : -placement.snapshot.unprotectedPenalty * app.weight;
  let best: Move = {
    app: b,
    option: -1,
    node: -1,
    gain: dropped - placement.valueOf(b),
    netMiB: 0,
  };
  forEachMove(
    placement,
    b,
    (move) => {
      if (move.gain > best.gain + GAIN_EPSILON) best = move;
    },
    excluded,
    -Infinity,
  );
  return best;
}

function forEachMove(
  placement: Placement,
  a: number,
  visit: (move: Move) => void,
  excluded = -1,
  minGain = -GAIN_EPSILON,
): void {
  if (placement.primaryScenario(a) < 0) return;
  const current = placement.valueOf(a);
  const o0 = placement.option[a] ?? -1;
  const n0 = placement.understudyNode[a] ?? -1;
  const { ledger } = placement;
  const held = n0 < 0 ? 0 : (ledger.steady[n0] ?? 0) + (ledger.reserve[n0] ?? 0);
  placement.unassign(a);
  const released = n0 < 0 ? 0 : held - (ledger.steady[n0] ?? 0) - (ledger.reserve[n0] ?? 0);
  const options = placement.candidates[a]?.options ?? [];
  for (let o = 0; o < options.length; o++) {
    const gain = (options[o]?.value ?? 0) - current;
    if (gain < minGain) continue;
    const choice = chooseNode(placement, a, o, excluded);
    if (choice.node < 0) continue;
    visit({ app: a, option: o, node: choice.node, gain, netMiB: choice.costMiB - released });
  }
  if (o0 >= 0) placement.assign(a, o0, n0);
}
