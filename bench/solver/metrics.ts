/**
 * What the benchmark reports for one plan: the solver report's figures plus failover quality
 * (accuracy retained and recovery time) over the applications.
 */
import type { Plan } from '../../solver/wire.ts';

export interface PlanMetrics {
  readonly timeMs: number;
  readonly status: string;
  readonly objective: number;
  readonly bound: number;
  readonly boundMethod: string;
  readonly gapPct: number;
  /** Mean over all applications of accuracy retained on failover; unprotected count as 0. */
  readonly meanAccuracyRetainedPct: number;
  /** The same mean over protected applications only. */
  readonly meanAccuracyRetainedProtectedPct: number;
  readonly meanRecoveryMs: number;
  readonly unprotected: number;
  readonly warm: number;
  readonly cold: number;
  readonly progressive: number;
}

export function metricsOf(plan: Plan, apps: number, timeMs: number): PlanMetrics {
  const protectedOnes = plan.assignments.filter((a) => a.understudy !== null);
  const retained = protectedOnes.map((a) => a.accuracyRetained ?? 0);
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const mode = (m: string) => protectedOnes.filter((a) => a.understudy?.mode === m).length;
  return {
    timeMs,
    status: plan.solver.status,
    objective: plan.solver.objective,
    bound: plan.solver.bestBound,
    boundMethod: plan.solver.boundMethod ?? 'none',
    gapPct: plan.solver.gapPct,
    meanAccuracyRetainedPct: (100 * sum(retained)) / Math.max(1, apps),
    meanAccuracyRetainedProtectedPct: (100 * sum(retained)) / Math.max(1, retained.length),
    meanRecoveryMs:
      sum(protectedOnes.map((a) => a.expectedRecoveryMs ?? 0)) / Math.max(1, protectedOnes.length),
    unprotected: plan.unprotected.length,
    warm: mode('warm'),
    cold: mode('cold'),
    progressive: protectedOnes.filter((a) => a.understudy?.firstStepVariant !== undefined).length,
  };
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
