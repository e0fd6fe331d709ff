/**
 * The immutable, index-based view of a planning problem that every solver step reads. Ids
 * become dense indices, defaults are applied once, and the failure scenarios the plan must
 * survive (each node, or each failure domain) are enumerated here.
 */
import { PROBLEM_DEFAULTS } from './defaults.ts';
import { DomainError } from '../core/errors.ts';
import { checkReferences } from './references.ts';
import type { PlanningProblemInput, ProtectionLevel } from './wire.ts';

export interface VariantFacts {
  /** Global variant index (position in `Snapshot.variants`). */
  readonly index: number;
  readonly id: string;
  readonly family: number;
  readonly accuracy: number;
  readonly memoryMiB: number;
  readonly loadMs: number;
  /** Median latency; 0 when the problem does not give one. */
  readonly p50Ms: number;
  /** 99th percentile latency; undefined when unknown (an unknown latency meets any SLO). */
  readonly p99Ms: number | undefined;
  /** Why a node could not load or run it, if one could not: never an understudy then. */
  readonly failedToLoad: string | undefined;
}

export interface AppFacts {
  readonly id: string;
  readonly family: number;
  /** Global variant index of the primary. */
  readonly primaryVariant: number;
  /** Node index the primary is pinned to, or -1 when the planner places it. */
  readonly pinnedNode: number;
  readonly weight: number;
  readonly maxRecoveryMs: number;
  readonly minAccuracy: number;
  /** Undefined when the application sets no latency SLO. */
  readonly maxLatencyMs: number | undefined;
}

export interface Snapshot {
  readonly problem: PlanningProblemInput;
  readonly protection: ProtectionLevel;
  readonly nodeIds: readonly string[];
  readonly capacityMiB: readonly number[];
  /** Memory held by primaries pinned to the node. */
  readonly pinnedMiB: readonly number[];
  /**
   * What the plan may still use on the node: capacity minus pinned primaries. A node whose
   * pinned primaries already exceed its capacity is `overloaded`; the plan adds nothing to it.
   */
  readonly roomMiB: readonly number[];
  readonly overloaded: readonly boolean[];
  readonly domainIds: readonly string[];
  readonly domainOf: readonly number[];
  /** One scenario per node (`node` protection) or per domain (`domain` protection). */
  readonly scenarioIds: readonly string[];
  readonly scenarioOf: readonly number[];
  readonly familyIds: readonly string[];
  readonly familyVariants: readonly (readonly number[])[];
  readonly variants: readonly VariantFacts[];
  readonly apps: readonly AppFacts[];
  readonly detectionMs: number;
  readonly recoveryWeight: number;
  readonly unprotectedPenalty: number;
  readonly timeLimitMs: number;
}

/** Builds the snapshot; throws `solver.invalid-problem` when references do not resolve. */
export function createSnapshot(problem: PlanningProblemInput): Snapshot {
  const errors = checkReferences(problem);
  if (errors.length > 0) {
    const first = errors[0];
    const message = `invalid planning problem: ${first?.pointer}: ${first?.detail}`;
    throw new DomainError('PROBLEM_INVALID', message, errors);
  }
  const protection = problem.protection ?? PROBLEM_DEFAULTS.protection;
  const { domainIds, domainOf } = indexDomains(problem);
  const families = indexFamilies(problem);
  const apps = indexApps(problem, families);
  const memory = nodeMemory(problem, apps, families.variants);
  const objective = problem.objective ?? {};
  return Object.freeze({
    problem,
    protection,
    nodeIds: problem.nodes.map((n) => n.id),
    ...memory,
    domainIds,
    domainOf,
    scenarioIds: protection === 'domain' ? domainIds : problem.nodes.map((n) => n.id),
    scenarioOf: protection === 'domain' ? domainOf : problem.nodes.map((_, i) => i),
    familyIds: families.familyIds,
    familyVariants: families.familyVariants,
    variants: families.variants,
    apps,
    detectionMs: problem.detectionMs ?? PROBLEM_DEFAULTS.detectionMs,
    recoveryWeight: objective.recoveryWeight ?? PROBLEM_DEFAULTS.recoveryWeight,
    unprotectedPenalty: objective.unprotectedPenalty ?? PROBLEM_DEFAULTS.unprotectedPenalty,
    timeLimitMs: problem.timeLimitMs ?? PROBLEM_DEFAULTS.timeLimitMs,
  });
}

function indexDomains(problem: PlanningProblemInput) {
  const domainOfNode = problem.nodes.map((n) => n.domain ?? PROBLEM_DEFAULTS.domain);
  const domainIds = [...new Set(domainOfNode)];
  const domainIndex = new Map(domainIds.map((d, i) => [d, i]));
  return { domainIds, domainOf: domainOfNode.map((d) => domainIndex.get(d) ?? 0) };
}

function indexApps(
  problem: PlanningProblemInput,
  families: ReturnType<typeof indexFamilies>,
): AppFacts[] {
  const nodeIndex = new Map(problem.nodes.map((n, i) => [n.id, i]));
  const familyIndex = new Map(families.familyIds.map((id, f) => [id, f]));
  return problem.apps.map((app) => {
    const family = familyIndex.get(app.family) ?? -1;
    return {
      id: app.id,
      family,
      primaryVariant: families.variantIndex.get(`${family}/${app.primaryVariant}`) ?? -1,
      pinnedNode: app.primaryNode === undefined ? -1 : (nodeIndex.get(app.primaryNode) ?? -1),
      weight: app.weight ?? PROBLEM_DEFAULTS.weight,
      maxRecoveryMs: app.slo.maxRecoveryMs,
      minAccuracy: app.slo.minAccuracy,
      maxLatencyMs: app.slo.maxLatencyMs,
    };
  });
}

/** Capacity, pinned primaries, and the room left for the plan on every node. */
function nodeMemory(
  problem: PlanningProblemInput,
  apps: readonly AppFacts[],
  variants: readonly VariantFacts[],
) {
  const capacityMiB = problem.nodes.map((n) => n.memoryMiB);
  const pinnedMiB = capacityMiB.map(() => 0);
  for (const app of apps) {
    if (app.pinnedNode < 0) continue;
    pinnedMiB[app.pinnedNode] =
      (pinnedMiB[app.pinnedNode] ?? 0) + (variants[app.primaryVariant]?.memoryMiB ?? 0);
  }
  const overloaded = capacityMiB.map((cap, n) => (pinnedMiB[n] ?? 0) > cap);
  const roomMiB = capacityMiB.map((cap, n) => (overloaded[n] ? 0 : cap - (pinnedMiB[n] ?? 0)));
  return { capacityMiB, pinnedMiB, overloaded, roomMiB };
}

function indexFamilies(problem: PlanningProblemInput) {
  const familyIds = problem.families.map((f) => f.id);
  const variants: VariantFacts[] = [];
  const variantIndex = new Map<string, number>();
  const familyVariants = problem.families.map((family, f) =>
    family.variants.map((v) => {
      variantIndex.set(`${f}/${v.id}`, variants.length);
      variants.push({
        index: variants.length,
        id: v.id,
        family: f,
        accuracy: v.accuracy,
        memoryMiB: v.memoryMiB,
        loadMs: v.loadMs,
        p50Ms: v.latencyMs?.p50 ?? 0,
        p99Ms: v.latencyMs?.p99,
        failedToLoad: v.failedToLoad,
      });
      return variants.length - 1;
    }),
  );
  return { familyIds, familyVariants, variants, variantIndex };
}
