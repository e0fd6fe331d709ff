/**
 * The public entry: `solvePlan(problem, options)` returns a plan that the independent checker
 * (`check.ts`) has passed. The pipeline (`pipeline.ts`) runs over an immutable snapshot; the
 * MILP backend (a glpk.js worker) starts only if a step needs it and is closed before returning.
 * Same problem and options ⇒ same plan, except `createdAt`, `timeMs` and anything a hit time
 * limit cut short (the report's status then says `time-limit`).
 */
import { assemblePlan } from './assemble.ts';
import { checkPlan } from './check.ts';
import { inputsDigest } from './digest.ts';
import { DomainError } from '../core/errors.ts';
import { gapOf } from './lagrangian.ts';
import { GlpkWorkerBackend } from './milp-backend.ts';
import type { MilpBackend } from './milp-backend.ts';
import { generateOptions } from './options.ts';
import { Pacer } from './pacer.ts';
import { STEPS } from './pipeline.ts';
import { Placement } from './placement.ts';
import { createSnapshot } from './snapshot.ts';
import type { Snapshot } from './snapshot.ts';
import type { SolveState } from './solve-state.ts';
import { fixedValueOf, unprotectableApps } from './unprotectable.ts';
import type { Plan, PlanningProblemInput } from './wire.ts';

export interface SolveOptions {
  /** Time budget in ms; default the problem's `timeLimitMs` (itself 10 000 by default). */
  readonly timeLimitMs?: number;
  /** Stop improving once the gap is at most this, in percent; default 0.1. */
  readonly targetGapPct?: number;
  /** MILP backend; default a glpk.js worker started (lazily) and closed by this call. */
  readonly backend?: MilpBackend;
  /** Largest reduced model handed to glpk.js, in columns; default 20 000. */
  readonly maxMilpColumns?: number;
  /** Clock for `createdAt`; default the system clock. */
  readonly now?: () => Date;
}

export const SOLVER_METHOD =
  'greedy + ejection local search + iterated local search / Lagrangian and LP bounds / reduced glpk MILP';

export async function solvePlan(
  problem: PlanningProblemInput,
  options: SolveOptions = {},
): Promise<Plan> {
  const started = performance.now();
  const snapshot = createSnapshot(problem);
  const candidates = generateOptions(snapshot);
  const fixedValue = fixedValueOf(snapshot, unprotectableApps(snapshot, candidates));
  let backend = options.backend;
  let ownBackend: GlpkWorkerBackend | undefined;
  const state: SolveState = {
    snapshot,
    candidates,
    placement: new Placement(snapshot, candidates),
    fixedValue,
    settings: {
      targetGap: (options.targetGapPct ?? 0.1) / 100,
      maxDualIterations: 300,
      maxMilpColumns: options.maxMilpColumns ?? 20_000,
      maxImproveRounds: 8,
      maxPerturbIterations: 40,
      perturbWork: 6_000,
    },
    pacer: new Pacer(started + workBudgetMs(options.timeLimitMs ?? snapshot.timeLimitMs, snapshot)),
    backend: async () => (backend ??= ownBackend = await GlpkWorkerBackend.start()),
    bound: Infinity,
    boundMethod: 'none',
    relaxation: undefined,
    prices: undefined,
    timedOut: false,
    trace: [],
  };
  try {
    for (const step of STEPS) await step.run(state);
  } finally {
    await ownBackend?.close();
  }
  return checkedPlan(problem, state, started, options.now ?? (() => new Date()));
}

/**
 * The part of the time limit the pipeline may use: the rest is kept for assembling and checking
 * the plan, which grow with applications and node × scenario pairs (measured: about 0.03 ms per
 * application and 1 µs per pair here).
 */
function workBudgetMs(timeLimitMs: number, snapshot: Snapshot): number {
  const pairs = snapshot.nodeIds.length * snapshot.scenarioIds.length;
  return (
    timeLimitMs - Math.min(0.1 * timeLimitMs, 20 + 0.03 * snapshot.apps.length + 0.001 * pairs)
  );
}

function checkedPlan(
  problem: PlanningProblemInput,
  state: SolveState,
  started: number,
  now: () => Date,
): Plan {
  const objective = state.placement.objective();
  const bound = Math.max(state.bound, objective);
  const gap = gapOf(bound, objective, state.fixedValue);
  const plan = assemblePlan({
    placement: state.placement,
    createdAt: now().toISOString(),
    inputsDigest: inputsDigest(problem),
    report: {
      method: SOLVER_METHOD,
      status: state.timedOut ? 'time-limit' : gap <= 1e-6 ? 'optimal' : 'feasible',
      objective,
      bestBound: bound,
      boundMethod: state.boundMethod,
      gapPct: gap * 100,
      timeMs: performance.now() - started,
    },
  });
  const violations = checkPlan(problem, plan);
  if (violations.length > 0) {
    throw new DomainError(
      'PLAN_FAILED_CHECK',
      `bug: the solver produced a plan that fails the checker: ${violations[0]?.message ?? ''}`,
      violations.map(({ pointer, message }) => ({ pointer, detail: message })),
    );
  }
  return plan;
}
