import type { Assignment, Plan, Unprotected } from './types.ts';

/** One application as one plan has it: its assignment and, if unprotected, why. */
export interface AppSide {
  readonly assignment: Assignment | undefined;
  readonly unprotected: Unprotected | undefined;
}

/**
 * Every application of a plan, by id. An app is in the plan when it has an assignment or is
 * listed as unprotected: an app whose primary could not be placed may have only the latter.
 */
export function appSides(plan: Plan): Map<string, AppSide> {
  const assignments = new Map(plan.assignments.map((assignment) => [assignment.app, assignment]));
  const unprotected = new Map(plan.unprotected.map((entry) => [entry.app, entry]));
  const sides = new Map<string, AppSide>();
  for (const app of new Set([...assignments.keys(), ...unprotected.keys()])) {
    sides.set(app, { assignment: assignments.get(app), unprotected: unprotected.get(app) });
  }
  return sides;
}

/** Protected means the plan gives the app an understudy. */
export function isProtected(side: AppSide | undefined): boolean {
  return side?.assignment?.understudy !== null && side?.assignment?.understudy !== undefined;
}

/** Accuracy once the understudy serves; an unprotected app serves nothing on failover: 0. */
export function failoverAccuracy(side: AppSide): number {
  return isProtected(side) ? (side.assignment?.expectedAccuracy ?? 0) : 0;
}

/** Expected recovery in ms, or null when the app is unprotected. */
export function recoveryMs(side: AppSide | undefined): number | null {
  return isProtected(side) ? (side?.assignment?.expectedRecoveryMs ?? null) : null;
}

/** Ids in either map, sorted, so every listing of a diff is in a stable order. */
export function unionOfKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>) {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}
