/**
 * The progressive first step of an application (DESIGN.md, "Progressive failover"): the
 * variant of its family that loads fastest among those meeting the application's accuracy and
 * latency SLOs (and not known to fail to load), so the first answer comes as early as the SLOs
 * allow. Ties go to the smaller variant (less transient memory), then to the earlier one in the
 * family.
 */
import { accuracyFilter } from './filters/accuracy.ts';
import { latencyFilter } from './filters/latency.ts';
import { loadableFilter } from './filters/loadable.ts';
import type { AppFacts, Snapshot, VariantFacts } from './snapshot.ts';

export function firstStepOf(snapshot: Snapshot, app: AppFacts): VariantFacts | undefined {
  let best: VariantFacts | undefined;
  for (const index of snapshot.familyVariants[app.family] ?? []) {
    const variant = snapshot.variants[index];
    if (variant === undefined) continue;
    const draft = {
      app,
      planned: variant,
      mode: 'warm' as const,
      firstStep: undefined,
      recoveryMs: 0,
    };
    if (
      !accuracyFilter.admits(draft, snapshot) ||
      !latencyFilter.admits(draft, snapshot) ||
      !loadableFilter.admits(draft, snapshot)
    )
      continue;
    if (
      best === undefined ||
      variant.loadMs < best.loadMs ||
      (variant.loadMs === best.loadMs && variant.memoryMiB < best.memoryMiB)
    ) {
      best = variant;
    }
  }
  return best;
}
