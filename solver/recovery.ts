/**
 * The recovery-time estimate, defined in this one place (the checker restates it on purpose,
 * as a second opinion). Recovery = time from the fault to the first answer the understudy
 * serves, detection included (DESIGN.md, "Recovery time"):
 *
 * - warm:  detectionMs + WARM_ACTIVATION_MS + p50(planned variant)
 *          the session is loaded; the agent marks it active and the router flips.
 * - cold, direct:       detectionMs + loadMs(planned variant) + p50(planned variant)
 * - cold, progressive:  detectionMs + loadMs(first step) + p50(first step)
 *          the first step answers first; the planned variant loads behind it and takes over.
 *
 * Transfer of the staged file is not counted: cold understudies are staged on the node's disk
 * by the plan, so a failover only loads from local storage.
 */
import type { VariantFacts } from './snapshot.ts';

/** Marking a loaded session active and flipping the route, in ms. */
export const WARM_ACTIVATION_MS = 5;

export function warmRecoveryMs(detectionMs: number, planned: VariantFacts): number {
  return detectionMs + WARM_ACTIVATION_MS + planned.p50Ms;
}

/** `firstServing` is the first step for a progressive failover, else the planned variant. */
export function coldRecoveryMs(detectionMs: number, firstServing: VariantFacts): number {
  return detectionMs + firstServing.loadMs + firstServing.p50Ms;
}
