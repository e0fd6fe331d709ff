/**
 * The solve pipeline: every step, in the order it runs. A new technique is a new file and one
 * line here. Steps share a `SolveState`; each leaves the placement feasible.
 *
 *   primaries → greedy → improve → Lagrangian bound → LP bound → iterated local search
 *   → reduced MILP → improve again if the MILP moved the plan
 */
import { isDomainError } from '../core/errors.ts';
import { greedyPlacement } from './greedy.ts';
import { improvePlacement } from './improve.ts';
import { Relaxation, gapOf, lagrangianBound } from './lagrangian.ts';
import { lpBound, milpSearch } from './milp-stage.ts';
import type { ReducedModelInput } from './milp-stage.ts';
import { iteratedLocalSearch } from './perturb.ts';
import { placePrimaries } from './place-primaries.ts';
import type { SolveState, SolveStep } from './solve-state.ts';

export const STEPS: readonly SolveStep[] = [
  { name: 'place-primaries', run: async (s) => placePrimaries(s.placement) },
  { name: 'greedy', run: async (s) => greedyPlacement(s.placement, s.pacer) },
  { name: 'improve', run: improve },
  { name: 'lagrangian-bound', run: dualBound },
  { name: 'lp-bound', run: lpBoundStep },
  { name: 'perturb', run: perturb },
  { name: 'milp', run: milp },
];

export function currentGap(state: SolveState): number {
  return gapOf(state.bound, state.placement.objective(), state.fixedValue);
}

function tighten(
  state: SolveState,
  bound: number | undefined,
  method: SolveState['boundMethod'],
): void {
  if (bound !== undefined && bound < state.bound) {
    state.bound = bound;
    state.boundMethod = method;
  }
}

async function improve(state: SolveState): Promise<void> {
  const rounds = await improvePlacement(
    state.placement,
    state.pacer,
    state.settings.maxImproveRounds,
  );
  state.trace.push(`improve: ${rounds} rounds, objective ${state.placement.objective()}`);
}

async function dualBound(state: SolveState): Promise<void> {
  const result = await lagrangianBound(state.snapshot, state.candidates, {
    target: state.placement.objective(),
    fixedValue: state.fixedValue,
    maxIterations: state.settings.maxDualIterations,
    stopGap: state.settings.targetGap,
    pacer: state.pacer,
  });
  state.relaxation = new Relaxation(state.snapshot, state.candidates);
  state.prices = result.prices;
  tighten(state, result.bound, 'lagrangian');
  state.trace.push(`lagrangian bound ${result.bound} after ${result.iterations} iterations`);
}

async function reducedModel(state: SolveState): Promise<ReducedModelInput | undefined> {
  if (currentGap(state) <= state.settings.targetGap || !state.relaxation || !state.prices)
    return undefined;
  return {
    placement: state.placement,
    relaxation: state.relaxation,
    prices: state.prices,
    bound: state.bound,
    maxColumns: state.settings.maxMilpColumns,
    backend: await state.backend(),
    pacer: state.pacer,
  };
}

/**
 * The LP bound comes before the perturbation on purpose: the search stops once the gap to the
 * best bound is small enough, and a bound that arrives at a time-dependent moment would make
 * the plan depend on timing.
 */
async function lpBoundStep(state: SolveState): Promise<void> {
  const input = await degradeOnBackendFailure(state, reducedModel(state));
  if (input !== undefined)
    tighten(state, await degradeOnBackendFailure(state, lpBound(input)), 'lp');
}

/**
 * glpk.js only ever tightens the bound or improves a plan that is already valid, so if its
 * worker fails the solve goes on without it (the trace says so) rather than failing.
 */
async function degradeOnBackendFailure<T>(
  state: SolveState,
  work: Promise<T>,
): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'SOLVER_BACKEND_FAILED') throw error;
    state.trace.push(`glpk unavailable: ${error.message}`);
    return undefined;
  }
}

async function perturb(state: SolveState): Promise<void> {
  const { settings } = state;
  const iterations = Math.min(
    settings.maxPerturbIterations,
    Math.floor(settings.perturbWork / Math.max(1, state.snapshot.apps.length)),
  );
  const good = (objective: number) =>
    gapOf(state.bound, objective, state.fixedValue) <= settings.targetGap;
  const ran = await iteratedLocalSearch(state.placement, state.pacer, {
    iterations,
    nodes: 2,
    seed: 1,
    good,
  });
  state.trace.push(`perturb: ${ran} iterations, objective ${state.placement.objective()}`);
}

async function milp(state: SolveState): Promise<void> {
  const input = await degradeOnBackendFailure(state, reducedModel(state));
  if (state.pacer.expired) state.timedOut = true;
  if (input === undefined) return;
  const targetAbsGap = state.settings.targetGap * Math.abs(state.bound - state.fixedValue);
  const before = state.placement.objective();
  const outcome = await degradeOnBackendFailure(state, milpSearch(input, targetAbsGap));
  if (outcome === undefined) return;
  tighten(state, outcome.bound, 'milp');
  if (outcome.timedOut) state.timedOut = true;
  state.trace.push(`milp over ${outcome.columns} columns: bound ${outcome.bound ?? 'none'}`);
  if (state.placement.objective() > before) await improve(state);
}
