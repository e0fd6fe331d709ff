/**
 * Lagrangian reduced-cost fixing (Fisher 1981, §6; the same argument as LP reduced-cost
 * fixing): with prices λ and bound L(λ) = Σ_a best_a(λ) + λ·room, a plan that uses column c of
 * application a is worth at most L(λ) − (best_a(λ) − r_c(λ)), where r_c is the column's value
 * net of the memory it pays for. If that is below the best known plan, no better plan uses c,
 * and c is dropped. The best known plan's own columns always survive, so the reduced problem
 * still contains it, and its LP relaxation remains a valid bound for the full problem.
 */
import type { ColumnScope } from './columns.ts';
import { primaryNodesOf } from './columns.ts';
import type { DualPrices } from './dual-prices.ts';
import type { Relaxation } from './lagrangian.ts';
import type { AppOptions } from './options.ts';
import type { Snapshot } from './snapshot.ts';

export interface FixingInput {
  readonly relaxation: Relaxation;
  readonly prices: DualPrices;
  readonly incumbent: number;
  /** Absolute slack: columns within it of surviving are kept. */
  readonly tolerance: number;
}

export function reducedCostScope(
  snapshot: Snapshot,
  candidates: readonly AppOptions[],
  input: FixingInput,
): ColumnScope {
  const { relaxation, prices } = input;
  const bound = relaxation.evaluate(prices);
  const view = relaxation.view;
  if (view === undefined) throw new Error('bug: relaxation evaluated without a price view');
  const scenarios = snapshot.scenarioIds.length;
  const slack = bound - input.incumbent + input.tolerance;
  return {
    primaries: (a) => primaryNodesOf(snapshot, a),
    keep: (a, p, o, n, value) => {
      const app = snapshot.apps[a];
      const best = relaxation.choices[a]?.value ?? Infinity;
      if (app === undefined) return false;
      let reduced = value;
      if (app.pinnedNode < 0 && p >= 0) {
        reduced -=
          (snapshot.variants[app.primaryVariant]?.memoryMiB ?? 0) * (view.warmPrice[p] ?? 0);
      }
      const option = o < 0 ? undefined : candidates[a]?.options[o];
      if (option !== undefined) {
        const price =
          option.mode === 'warm'
            ? (view.warmPrice[n] ?? 0)
            : (prices.pi[n * scenarios + (snapshot.scenarioOf[p] ?? 0)] ?? 0);
        reduced -= option.footprintMiB * price;
      }
      return best - reduced <= slack;
    },
  };
}
