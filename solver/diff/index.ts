/**
 * Plan diffs: what changes between two plans and what the change costs. Pure computation on
 * two plans (and optionally the family figures); no I/O, and nothing shared with the solver's
 * model builder.
 */
export { diffPlans } from './plan-diff.ts';
export { diffForEvent, DIGEST_LIST_LIMIT } from './event-digest.ts';
export { emptyPlan } from './empty-plan.ts';
export { PHASE_ORDER } from './transition.ts';
export * from './format.ts';
export type * from './types.ts';
