import { appSides, failoverAccuracy, isProtected, recoveryMs, unionOfKeys } from './app-sides.ts';
import type { AppSide } from './app-sides.ts';
import { deltaOrNull, roundFraction, roundMeasure } from './numbers.ts';
import type { Plan, PlanDiffApp, PlanDiffAppChange } from './types.ts';

/** Every application that changes between the plans, sorted by id; unchanged ones are left out. */
export function diffApps(from: Plan, to: Plan): PlanDiffApp[] {
  const before = appSides(from);
  const after = appSides(to);
  const changed: PlanDiffApp[] = [];
  for (const app of unionOfKeys(before, after)) {
    const entry = diffApp(app, before.get(app), after.get(app));
    if (entry !== undefined) changed.push(entry);
  }
  return changed;
}

function diffApp(
  app: string,
  before: AppSide | undefined,
  after: AppSide | undefined,
): PlanDiffApp | undefined {
  const changes = changesOf(before, after);
  if (changes.length === 0) return undefined;
  // An app in only one plan did not gain or lose accuracy: it arrived or left.
  const accuracyDelta =
    before === undefined || after === undefined
      ? 0
      : roundFraction(failoverAccuracy(after) - failoverAccuracy(before));
  const recoveryDeltaMs = deltaOrNull(recoveryMs(before), recoveryMs(after));
  return {
    app,
    changes,
    before: before?.assignment ?? null,
    after: after?.assignment ?? null,
    accuracyDelta,
    recoveryDeltaMs: recoveryDeltaMs === null ? null : roundMeasure(recoveryDeltaMs),
    ...(after?.unprotected === undefined ? {} : { unprotected: after.unprotected }),
  };
}

/** What changed, in the order of the `PlanDiffAppChange` enum. */
export function changesOf(
  before: AppSide | undefined,
  after: AppSide | undefined,
): PlanDiffAppChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return isProtected(after) ? ['added'] : ['added', 'newly-unprotected'];
  if (after === undefined) return ['removed'];
  const changes = [
    ...primaryChanges(before, after),
    ...protectionChanges(before, after),
    ...understudyChanges(before, after),
  ];
  if (changes.length === 0 && estimatesDiffer(before, after)) changes.push('estimates-changed');
  return changes;
}

function primaryChanges(before: AppSide, after: AppSide): PlanDiffAppChange[] {
  const a = before.assignment?.primary;
  const b = after.assignment?.primary;
  if (a === undefined && b === undefined) return [];
  // An app whose primary could not be placed has no assignment: it moved from or to nowhere.
  if (a === undefined || b === undefined) return ['primary-moved'];
  const changes: PlanDiffAppChange[] = [];
  if (a.node !== b.node) changes.push('primary-moved');
  if (a.variant !== b.variant) changes.push('primary-variant-changed');
  return changes;
}

function protectionChanges(before: AppSide, after: AppSide): PlanDiffAppChange[] {
  const was = isProtected(before);
  const is = isProtected(after);
  if (!was && is) return ['newly-protected'];
  if (was && !is) return ['newly-unprotected'];
  if (!was && !is && before.unprotected?.reason !== after.unprotected?.reason)
    return ['unprotected-reason-changed'];
  return [];
}

function understudyChanges(before: AppSide, after: AppSide): PlanDiffAppChange[] {
  const a = before.assignment?.understudy;
  const b = after.assignment?.understudy;
  if (a === null || a === undefined || b === null || b === undefined) return [];
  const changes: PlanDiffAppChange[] = [];
  if (a.node !== b.node) changes.push('understudy-moved');
  if (a.variant !== b.variant) changes.push('understudy-variant-changed');
  if (a.mode !== b.mode) changes.push('understudy-mode-changed');
  if (a.firstStepVariant !== b.firstStepVariant) changes.push('first-step-changed');
  return changes;
}

/** Same placement, other figures: the family's measured accuracy or load time changed. */
function estimatesDiffer(before: AppSide, after: AppSide): boolean {
  return (
    before.assignment?.expectedAccuracy !== after.assignment?.expectedAccuracy ||
    before.assignment?.expectedRecoveryMs !== after.assignment?.expectedRecoveryMs
  );
}
