/**
 * glpk.js closes what the heuristics and the Lagrangian bound leave open, on the columns that
 * survive reduced-cost fixing (`reduced-cost.ts`) against the best plan so far:
 *
 * - `lpBound`: the LP relaxation of the reduced model. Its optimum is a valid bound for the full
 *   problem (every dropped column provably cannot beat the incumbent, which the model keeps)
 *   and is tighter than the Lagrangian bound when subgradient steps stopped short. It runs in
 *   the worker while the main thread keeps improving the plan.
 * - `milpSearch`: the MILP with the cut "objective ≥ incumbent + δ" (δ the absolute gap aimed
 *   at). GLPK's JSON interface takes no starting solution; the cut plays its part, pruning every
 *   node that cannot beat the incumbent. "No solution" then proves the incumbent within δ of
 *   optimal; a solution found is decoded and re-checked before it replaces the incumbent.
 */
import { generateColumns } from './columns.ts';
import type { Column } from './columns.ts';
import type { DualPrices } from './dual-prices.ts';
import type { Relaxation } from './lagrangian.ts';
import { chosenColumns, decodeColumns } from './milp-decode.ts';
import type { LP, MilpBackend } from './milp-backend.ts';
import { buildMilp } from './milp-model.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';
import { reducedCostScope } from './reduced-cost.ts';

export interface ReducedModelInput {
  readonly placement: Placement;
  readonly relaxation: Relaxation;
  readonly prices: DualPrices;
  readonly bound: number;
  readonly maxColumns: number;
  readonly backend: MilpBackend;
  readonly pacer: Pacer;
}

export interface MilpOutcome {
  /** A bound proven by the MILP, if it proved one. */
  readonly bound: number | undefined;
  readonly columns: number;
  /** Whether GLPK stopped at its time limit. */
  readonly timedOut: boolean;
}

/** The reduced model's LP optimum, or undefined when the model is too big or time is short. */
export async function lpBound(input: ReducedModelInput): Promise<number | undefined> {
  const { backend, pacer, placement } = input;
  const columns = reducedColumns(input);
  if (columns === undefined || pacer.remainingMs < 50) return undefined;
  const model = buildMilp(
    placement.snapshot,
    placement.candidates,
    columns,
    backend.constants,
    false,
  );
  const answer = await backend.solve(model.lp, { timeLimitMs: glpkBudgetMs(pacer), mipGap: 0 });
  return answer.result.status === backend.constants.GLP_OPT ? answer.result.z : undefined;
}

/** Looks for a plan at least `targetAbsGap` better than the incumbent, or proves there is none. */
export async function milpSearch(
  input: ReducedModelInput,
  targetAbsGap: number,
): Promise<MilpOutcome> {
  const { placement, backend, pacer } = input;
  const columns = reducedColumns(input);
  const count = columns?.reduce((sum, c) => sum + c.length, 0) ?? 0;
  if (columns === undefined || pacer.remainingMs < 50)
    return { bound: undefined, columns: count, timedOut: false };
  const incumbent = placement.objective();
  const model = buildMilp(
    placement.snapshot,
    placement.candidates,
    columns,
    backend.constants,
    true,
  );
  addImproveCut(model.lp, incumbent + targetAbsGap, backend.constants.GLP_LO);
  const mipGap = targetAbsGap / Math.max(1, Math.abs(incumbent));
  const timeLimitMs = glpkBudgetMs(pacer);
  const answer = await backend.solve(model.lp, { timeLimitMs, mipGap });
  const { status, z, vars } = answer.result;
  const c = backend.constants;
  if (status === c.GLP_NOFEAS)
    return { bound: incumbent + targetAbsGap, columns: count, timedOut: false };
  if (status !== c.GLP_OPT && status !== c.GLP_FEAS)
    return { bound: undefined, columns: count, timedOut: true };
  const trial = placement.clone();
  if (decodeColumns(trial, chosenColumns(vars, model.columns)) && trial.objective() > incumbent) {
    placement.copyFrom(trial);
  }
  // GLPK reports FEAS both when its time ran out and when it stopped at the MIP gap tolerance.
  if (status === c.GLP_FEAS && answer.time * 1000 >= timeLimitMs - 50) {
    return { bound: undefined, columns: count, timedOut: true };
  }
  return { bound: z + mipGap * Math.max(1, Math.abs(z)), columns: count, timedOut: false };
}

/** objective ≥ floor: only plans that beat the incumbent by the gap aimed at are feasible. */
function addImproveCut(lp: LP, floor: number, lowerBounded: number): void {
  lp.subjectTo.push({
    name: 'improve',
    vars: lp.objective.vars,
    bnds: { type: lowerBounded, lb: floor, ub: 0 },
  });
}

/** Columns surviving reduced-cost fixing against the current plan; undefined if too many. */
function reducedColumns(input: ReducedModelInput): Column[][] | undefined {
  const { snapshot, candidates } = input.placement;
  const scope = reducedCostScope(snapshot, candidates, {
    relaxation: input.relaxation,
    prices: input.prices,
    incumbent: input.placement.objective(),
    tolerance: 1e-7 * Math.max(1, Math.abs(input.bound)),
  });
  const columns = generateColumns(snapshot, candidates, scope);
  const count = columns.reduce((sum, c) => sum + c.length, 0);
  return count > input.maxColumns ? undefined : columns;
}

/**
 * GLPK's own limit: it overshoots `tmlim` (measured ~15 % on these models) and shipping the
 * model to the worker and building it there takes time too, so it gets 70 % of what is left.
 */
function glpkBudgetMs(pacer: Pacer): number {
  return Math.max(1, 0.7 * pacer.remainingMs - 20);
}
