/**
 * Baseline policies for comparison (benchmarks only, never production). A baseline is a rule:
 * for each application, an ordered list of understudies it would accept, and the order in
 * which applications are served. The runner gives each application the first of its choices
 * that fits, on the node the solver itself would pick (`node-choice.ts`), so differences from
 * the solver come from the policy, not from node choice. Plans are checked like the solver's.
 */
import { assemblePlan } from '../assemble.ts';
import { checkPlan } from '../check.ts';
import { inputsDigest } from '../digest.ts';
import { DomainError } from '../../core/errors.ts';
import { gapOf } from '../lagrangian.ts';
import { chooseNode } from '../node-choice.ts';
import { generateOptions } from '../options.ts';
import type { AppOptions, UnderstudyOption } from '../options.ts';
import { placePrimaries } from '../place-primaries.ts';
import { Placement } from '../placement.ts';
import { createSnapshot } from '../snapshot.ts';
import type { AppFacts, Snapshot } from '../snapshot.ts';
import type { BoundMethod } from '../solve-state.ts';
import type { Plan, PlanningProblemInput } from '../wire.ts';

export interface Baseline {
  readonly name: string;
  readonly description: string;
  /** The understudies the policy accepts for an application, most preferred first. */
  choices(snapshot: Snapshot, app: AppFacts): UnderstudyOption[];
  /** Applications in the order they are served; default: problem order. */
  order?(snapshot: Snapshot): number[];
}

export interface BaselineRunOptions {
  /** An upper bound to report the gap against (e.g. the solver's); default none. */
  readonly bound?: number;
  readonly boundMethod?: BoundMethod;
  /** The objective's fixed part, for the gap (see `gapOf`). */
  readonly fixedValue?: number;
  readonly now?: () => Date;
}

export function runBaseline(
  problem: PlanningProblemInput,
  baseline: Baseline,
  options: BaselineRunOptions = {},
): Plan {
  const started = performance.now();
  const snapshot = createSnapshot(problem);
  const placement = new Placement(snapshot, policyCandidates(snapshot, baseline));
  placePrimaries(placement);
  for (const a of baseline.order?.(snapshot) ?? snapshot.apps.map((_, i) => i))
    firstFit(placement, a);
  const objective = placement.objective();
  const bound = options.bound === undefined ? objective : Math.max(options.bound, objective);
  const plan = assemblePlan({
    placement,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    inputsDigest: inputsDigest(problem),
    report: {
      method: `baseline:${baseline.name}`,
      status: 'feasible',
      objective,
      bestBound: bound,
      boundMethod: options.bound === undefined ? 'none' : (options.boundMethod ?? 'none'),
      gapPct: 100 * gapOf(bound, objective, options.fixedValue ?? 0),
      timeMs: performance.now() - started,
    },
  });
  const violations = checkPlan(problem, plan);
  if (violations.length > 0) {
    const message = `bug: baseline ${baseline.name} failed the checker: ${violations[0]?.message ?? ''}`;
    throw new DomainError(
      'PLAN_FAILED_CHECK',
      message,
      violations.map(({ pointer, message: detail }) => ({ pointer, detail })),
    );
  }
  return plan;
}

/** Each application's options are the policy's choices, in its order of preference. */
function policyCandidates(snapshot: Snapshot, baseline: Baseline): AppOptions[] {
  const solverView = generateOptions(snapshot);
  return snapshot.apps.map((app, a) => {
    const choices = baseline.choices(snapshot, app);
    // The solver's reason when it has one; else the policy's own choices broke an SLO.
    const rejection =
      solverView[a]?.rejection ??
      (choices.length === 0 ? 'no-candidate-meets-recovery' : undefined);
    return { options: choices, rejection };
  });
}

/** The first of a's choices that fits, where the solver would put it. */
function firstFit(placement: Placement, a: number): void {
  const options = placement.candidates[a]?.options ?? [];
  for (let o = 0; o < options.length; o++) {
    const choice = chooseNode(placement, a, o);
    if (choice.node >= 0) {
      placement.assign(a, o, choice.node);
      return;
    }
  }
}
