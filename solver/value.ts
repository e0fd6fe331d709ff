/**
 * The objective (DESIGN.md, "The optimization model"): the plan maximises
 *
 *   Σ_a w(a) · ( min(1, acc(v)/acc(primary(a))) − λ · recovery(a)/maxRecoveryMs(a) )
 *     − M · Σ_{a unprotected} w(a) − 2M · Σ_{a whose primary could not be placed} w(a)
 *
 * The accuracy ratio is capped at 1: an understudy more accurate than its primary earns
 * nothing extra, so the planner never spends memory on upgrades the operator did not ask for.
 * An unplaced primary costs 2M: the application neither runs nor is protected.
 */
import type { AppFacts, Snapshot, VariantFacts } from './snapshot.ts';

export function accuracyRetained(planned: VariantFacts, primary: VariantFacts): number {
  return primary.accuracy > 0 ? planned.accuracy / primary.accuracy : 1;
}

export function understudyValue(
  snapshot: Snapshot,
  app: AppFacts,
  planned: VariantFacts,
  recoveryMs: number,
): number {
  const primary = snapshot.variants[app.primaryVariant];
  const kept = primary === undefined ? 0 : Math.min(1, accuracyRetained(planned, primary));
  return app.weight * (kept - (snapshot.recoveryWeight * recoveryMs) / app.maxRecoveryMs);
}

export function unprotectedValue(snapshot: Snapshot, app: AppFacts): number {
  return -snapshot.unprotectedPenalty * app.weight;
}

export function unplacedValue(snapshot: Snapshot, app: AppFacts): number {
  return -2 * snapshot.unprotectedPenalty * app.weight;
}
