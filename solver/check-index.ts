/**
 * The checker's own reading of a planning problem (it shares no code with the solver: it is
 * the second opinion). Defaults are restated from the spec here on purpose.
 */
import type { PlanningProblemInput } from './wire.ts';

export interface CheckVariant {
  readonly id: string;
  readonly accuracy: number;
  readonly memoryMiB: number;
  readonly loadMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number | undefined;
  readonly failedToLoad: string | undefined;
}

export interface CheckApp {
  readonly id: string;
  readonly variants: ReadonlyMap<string, CheckVariant>;
  readonly primary: CheckVariant | undefined;
  readonly pinnedNode: string | undefined;
  readonly weight: number;
  readonly minAccuracy: number;
  readonly maxRecoveryMs: number;
  readonly maxLatencyMs: number | undefined;
}

export interface CheckIndex {
  readonly capacity: ReadonlyMap<string, number>;
  readonly domain: ReadonlyMap<string, string>;
  readonly apps: ReadonlyMap<string, CheckApp>;
  readonly byDomain: boolean;
  readonly detectionMs: number;
  readonly recoveryWeight: number;
  readonly penalty: number;
}

export function indexProblem(problem: PlanningProblemInput): CheckIndex {
  const families = new Map(problem.families.map((f) => [f.id, indexVariants(f.variants)]));
  const apps = new Map<string, CheckApp>();
  for (const app of problem.apps) {
    const variants = families.get(app.family) ?? new Map<string, CheckVariant>();
    apps.set(app.id, {
      id: app.id,
      variants,
      primary: variants.get(app.primaryVariant),
      pinnedNode: app.primaryNode,
      weight: app.weight ?? 1,
      minAccuracy: app.slo.minAccuracy,
      maxRecoveryMs: app.slo.maxRecoveryMs,
      maxLatencyMs: app.slo.maxLatencyMs,
    });
  }
  return {
    capacity: new Map(problem.nodes.map((n) => [n.id, n.memoryMiB])),
    domain: new Map(problem.nodes.map((n) => [n.id, n.domain ?? 'default'])),
    apps,
    byDomain: problem.protection === 'domain',
    detectionMs: problem.detectionMs ?? 30,
    recoveryWeight: problem.objective?.recoveryWeight ?? 0.1,
    penalty: problem.objective?.unprotectedPenalty ?? 1000,
  };
}

function indexVariants(
  variants: PlanningProblemInput['families'][number]['variants'],
): Map<string, CheckVariant> {
  return new Map(
    variants.map((v) => [
      v.id,
      {
        id: v.id,
        accuracy: v.accuracy,
        memoryMiB: v.memoryMiB,
        loadMs: v.loadMs,
        p50Ms: v.latencyMs?.p50 ?? 0,
        p99Ms: v.latencyMs?.p99,
        failedToLoad: v.failedToLoad,
      },
    ]),
  );
}

/**
 * Recovery estimate, restated from `recovery.ts` (5 ms warm activation): warm = detection +
 * 5 + p50(planned); cold = detection + load + p50 of whichever variant answers first.
 */
export function expectedRecoveryMs(
  index: CheckIndex,
  mode: string,
  planned: CheckVariant,
  first: CheckVariant | undefined,
): number {
  if (mode === 'warm') return index.detectionMs + 5 + planned.p50Ms;
  const serving = first ?? planned;
  return index.detectionMs + serving.loadMs + serving.p50Ms;
}
