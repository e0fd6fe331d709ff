import { emptyPlan } from './empty-plan.ts';
import { diffPlans } from './plan-diff.ts';
import type { DiffFigures, Plan, PlanDiffDigest } from './types.ts';

/** Longest list a digest carries; an event stays small even when thousands of apps change. */
export const DIGEST_LIST_LIMIT = 50;

/**
 * The diff a `plan.published` event records: from the predecessor (none for the first plan)
 * to the plan just published, cut to counts and short lists.
 */
export function diffForEvent(
  previous: Plan | undefined,
  next: Plan,
  figures?: DiffFigures,
): PlanDiffDigest {
  const diff = diffPlans(previous ?? emptyPlan(), next, figures);
  const moved = diff.apps
    .filter((app) => app.changes.includes('primary-moved'))
    .map((app) => app.app);
  const lists = [diff.protection.newlyProtected, diff.protection.newlyUnprotected, moved];
  return {
    from: diff.from,
    empty: diff.empty,
    summary: diff.summary,
    appsChanged: diff.apps.length,
    newlyProtected: diff.protection.newlyProtected.slice(0, DIGEST_LIST_LIMIT),
    newlyUnprotected: diff.protection.newlyUnprotected.slice(0, DIGEST_LIST_LIMIT),
    primariesMoved: moved.slice(0, DIGEST_LIST_LIMIT),
    accuracyDelta: diff.accuracy.delta,
    recoveryDeltaMs: diff.recovery.deltaMs,
    loads: diff.transition.loads,
    unloads: diff.transition.unloads,
    stages: diff.transition.stages,
    unstages: diff.transition.unstages,
    estimatedMs: diff.transition.estimatedMs,
    truncated: lists.some((list) => list.length > DIGEST_LIST_LIMIT),
  };
}
