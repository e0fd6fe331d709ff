/**
 * The independent plan checker: recomputes everything a plan promises from the problem alone
 * and returns every violation (an empty list means the plan is valid). It shares no code with
 * the model builder. Checked: every application assigned once (or listed as not placed), pins
 * and primary variants kept, understudies off the primary's node (or domain), every SLO, the
 * stated recovery and accuracy, memory in steady state and under every failure scenario
 * (progressive first steps included), the per-node memory report, the unprotected list and
 * the objective.
 */
import { expectedRecoveryMs, indexProblem } from './check-index.ts';
import type { CheckApp, CheckIndex, CheckVariant } from './check-index.ts';
import { checkMemory } from './check-memory.ts';
import type { Assignment, Plan, PlanningProblemInput } from './wire.ts';

export interface Violation {
  /** Stable, machine-readable kind (e.g. `memory-scenario`). */
  readonly code: string;
  /** JSON Pointer into the plan. */
  readonly pointer: string;
  readonly message: string;
}

/** Slack for floating-point sums, in MiB and ms. */
export const CHECK_TOLERANCE = 1e-6;

export function checkPlan(problem: PlanningProblemInput, plan: Plan): Violation[] {
  const index = indexProblem(problem);
  const violations: Violation[] = [];
  const add = (code: string, pointer: string, message: string) =>
    violations.push({ code, pointer, message });
  const seen = new Set<string>();
  let objective = 0;
  plan.assignments.forEach((assignment, i) => {
    const app = index.apps.get(assignment.app);
    if (app === undefined)
      return add('app-unknown', `/assignments/${i}/app`, `unknown application '${assignment.app}'`);
    if (seen.has(app.id))
      return add(
        'app-duplicate',
        `/assignments/${i}/app`,
        `application '${app.id}' is assigned more than once`,
      );
    seen.add(app.id);
    objective += checkAssignment(index, app, assignment, `/assignments/${i}`, add);
  });
  objective += checkUnprotected(index, plan, seen, add);
  checkMemory(index, plan, add);
  const stated = plan.solver.objective;
  if (Math.abs(stated - objective) > CHECK_TOLERANCE * Math.max(1, Math.abs(objective))) {
    add(
      'objective-mismatch',
      '/solver/objective',
      `objective is ${stated}, the assignments are worth ${objective}`,
    );
  }
  return violations;
}

type Add = (code: string, pointer: string, message: string) => void;

/** What every per-assignment check needs. */
interface Scope {
  readonly index: CheckIndex;
  readonly app: CheckApp;
  /** JSON Pointer of the assignment. */
  readonly at: string;
  readonly add: Add;
}

/** Checks one assignment; returns its term of the objective. */
function checkAssignment(
  index: CheckIndex,
  app: CheckApp,
  assignment: Assignment,
  at: string,
  add: Add,
): number {
  const scope: Scope = { index, app, at, add };
  checkPrimary(scope, assignment.primary);
  const understudy = assignment.understudy;
  if (understudy === null) return -index.penalty * app.weight;
  const planned = app.variants.get(understudy.variant);
  if (planned === undefined) {
    add(
      'understudy-variant-unknown',
      `${at}/understudy/variant`,
      `'${understudy.variant}' is not a variant of the family of '${app.id}'`,
    );
    return 0;
  }
  checkSeparation(scope, understudy.node, assignment.primary.node);
  const first = checkFirstStep(scope, understudy);
  for (const [variant, pointer] of [
    [planned, `${at}/understudy/variant`],
    [first, `${at}/understudy/firstStepVariant`],
  ] as const) {
    if (variant?.failedToLoad !== undefined)
      add(
        'understudy-failed-to-load',
        pointer,
        `'${variant.id}' is known to fail to load or answer (${variant.failedToLoad})`,
      );
  }
  checkSlos(scope, { planned, first, mode: understudy.mode });
  const recovery = expectedRecoveryMs(index, understudy.mode, planned, first);
  checkStated(scope, assignment, recovery, planned.accuracy);
  const primaryAccuracy = app.primary?.accuracy ?? 0;
  const kept = Math.min(1, primaryAccuracy > 0 ? planned.accuracy / primaryAccuracy : 1);
  return app.weight * (kept - (index.recoveryWeight * recovery) / app.maxRecoveryMs);
}

function checkPrimary({ index, app, at, add }: Scope, primary: Assignment['primary']): void {
  if (!index.capacity.has(primary.node)) {
    add('primary-node-unknown', `${at}/primary/node`, `unknown node '${primary.node}'`);
  }
  if (app.pinnedNode !== undefined && app.pinnedNode !== primary.node) {
    const message = `'${app.id}' is pinned to '${app.pinnedNode}', not '${primary.node}'`;
    add('primary-pin-ignored', `${at}/primary/node`, message);
  }
  if (primary.variant !== app.primary?.id) {
    const message = `'${app.id}' runs '${app.primary?.id ?? '?'}', not '${primary.variant}'`;
    add('primary-variant-wrong', `${at}/primary/variant`, message);
  }
}

/** The understudy's node exists and is off the primary's node (or domain). */
function checkSeparation({ index, app, at, add }: Scope, node: string, primaryNode: string): void {
  const pointer = `${at}/understudy/node`;
  if (!index.capacity.has(node)) add('understudy-node-unknown', pointer, `unknown node '${node}'`);
  if (node === primaryNode) {
    const message = `understudy of '${app.id}' is on its primary's node '${primaryNode}'`;
    add('understudy-on-primary-node', pointer, message);
  } else if (index.byDomain && index.domain.get(node) === index.domain.get(primaryNode)) {
    const domain = index.domain.get(primaryNode) ?? '?';
    const message = `understudy of '${app.id}' shares failure domain '${domain}' with its primary`;
    add('understudy-in-primary-domain', pointer, message);
  }
}

/** A first step must be a variant of the family, on a cold understudy; returns it. */
function checkFirstStep(
  { app, at, add }: Scope,
  understudy: NonNullable<Assignment['understudy']>,
): CheckVariant | undefined {
  const name = understudy.firstStepVariant;
  if (name === undefined) return undefined;
  const first = app.variants.get(name);
  if (first === undefined || understudy.mode !== 'cold') {
    const message = `first step '${name}' is not a variant of the family, or the understudy is not cold`;
    add('first-step-invalid', `${at}/understudy/firstStepVariant`, message);
  }
  return first;
}

/** The plan's stated recovery, accuracy and accuracy retained are the recomputed ones. */
function checkStated(
  { app, at, add }: Scope,
  assignment: Assignment,
  recovery: number,
  accuracy: number,
): void {
  if (Math.abs((assignment.expectedRecoveryMs ?? NaN) - recovery) > CHECK_TOLERANCE) {
    const message = `stated ${assignment.expectedRecoveryMs}, estimate is ${recovery}`;
    add('expected-recovery-mismatch', `${at}/expectedRecoveryMs`, message);
  }
  if (assignment.expectedAccuracy !== accuracy) {
    const message = `stated ${assignment.expectedAccuracy}, the understudy has ${accuracy}`;
    add('expected-accuracy-mismatch', `${at}/expectedAccuracy`, message);
  }
  const retained = (app.primary?.accuracy ?? 0) > 0 ? accuracy / (app.primary?.accuracy ?? 1) : 1;
  const stated = assignment.accuracyRetained;
  if (stated !== undefined && (stated === null || Math.abs(stated - retained) > CHECK_TOLERANCE)) {
    const message = `stated ${stated}, the understudy keeps ${retained}`;
    add('expected-accuracy-mismatch', `${at}/accuracyRetained`, message);
  }
}

/** Every SLO of the application, for the planned variant and the first step. */
function checkSlos(
  { index, app, at, add }: Scope,
  u: { planned: CheckVariant; first: CheckVariant | undefined; mode: string },
): void {
  const pointer = `${at}/understudy`;
  for (const v of u.first === undefined ? [u.planned] : [u.planned, u.first]) {
    if (v.accuracy < app.minAccuracy) {
      const message = `'${v.id}' has accuracy ${v.accuracy} < minAccuracy ${app.minAccuracy} of '${app.id}'`;
      add('slo-accuracy', pointer, message);
    }
    if (app.maxLatencyMs !== undefined && v.p99Ms !== undefined && v.p99Ms > app.maxLatencyMs) {
      const message = `'${v.id}' has p99 ${v.p99Ms} ms > maxLatencyMs ${app.maxLatencyMs} of '${app.id}'`;
      add('slo-latency', pointer, message);
    }
  }
  const recovery = expectedRecoveryMs(index, u.mode, u.planned, u.first);
  if (recovery > app.maxRecoveryMs + CHECK_TOLERANCE) {
    const message = `recovery estimate ${recovery} ms > maxRecoveryMs ${app.maxRecoveryMs} of '${app.id}'`;
    add('slo-recovery', pointer, message);
  }
}

/** Unprotected list and unassigned applications; returns their terms of the objective. */
function checkUnprotected(
  index: CheckIndex,
  plan: Plan,
  assigned: ReadonlySet<string>,
  add: Add,
): number {
  const listed = new Map<string, string>();
  plan.unprotected.forEach((entry, i) => {
    if (listed.has(entry.app))
      add('unprotected-duplicate', `/unprotected/${i}`, `'${entry.app}' is listed twice`);
    listed.set(entry.app, entry.reason);
  });
  const unprotectedAssigned = new Set(
    plan.assignments.filter((x) => x.understudy === null).map((x) => x.app),
  );
  let value = 0;
  for (const app of index.apps.values()) {
    const reason = listed.get(app.id);
    if (!assigned.has(app.id)) {
      if (reason !== 'primary-not-placed' || app.pinnedNode !== undefined) {
        add(
          'app-missing',
          '/assignments',
          `'${app.id}' has no assignment and is not listed as primary-not-placed`,
        );
      }
      value -= 2 * index.penalty * app.weight;
    } else if (unprotectedAssigned.has(app.id) !== (reason !== undefined)) {
      add(
        'unprotected-mismatch',
        '/unprotected',
        `'${app.id}' ${reason === undefined ? 'has no understudy but is not listed' : 'has an understudy but is listed'} as unprotected`,
      );
    }
  }
  for (const id of listed.keys())
    if (!index.apps.has(id)) add('app-unknown', '/unprotected', `unknown application '${id}'`);
  return value;
}
