/**
 * Iterated local search (Lourenço, Martin & Stützle 2003) in its ruin-and-recreate form
 * (Schrimpf et al. 2000): take every understudy off a few random nodes, rebuild them with the
 * greedy, improve, and keep the result if it beats the best plan. Local search alone stops at
 * plans where no single move or ejection helps; emptying whole nodes lets the greedy repack
 * them. The PRNG has a fixed seed and the number of iterations is fixed, so the search is
 * deterministic; the deadline is only a guard.
 */
import { greedyPlacement } from './greedy.ts';
import { improvePlacement } from './improve.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';
import { Prng } from './prng.ts';

export interface PerturbOptions {
  readonly iterations: number;
  /** Nodes emptied per iteration. */
  readonly nodes: number;
  readonly seed: number;
  /** Stop early once this returns true for the best plan (a deterministic criterion). */
  readonly good: (objective: number) => boolean;
}

/** Improves `best` in place; returns the iterations run. */
export async function iteratedLocalSearch(
  best: Placement,
  pacer: Pacer,
  options: PerturbOptions,
): Promise<number> {
  const rng = new Prng(options.seed);
  const count = best.snapshot.nodeIds.length;
  const trial = best.clone();
  let iteration = 0;
  for (; iteration < options.iterations && !pacer.expired; iteration++) {
    if (options.good(best.objective())) break;
    trial.copyFrom(best);
    const ruined = new Set<number>();
    while (ruined.size < Math.min(options.nodes, count)) ruined.add(rng.int(count));
    for (const n of [...ruined].sort((x, y) => x - y)) {
      for (const a of [...(trial.residents[n] ?? [])]) trial.unassign(a);
    }
    await greedyPlacement(trial, pacer);
    await improvePlacement(trial, pacer, 4);
    if (trial.objective() > best.objective() + 1e-9 * Math.max(1, Math.abs(best.objective()))) {
      best.copyFrom(trial);
    }
  }
  return iteration;
}
