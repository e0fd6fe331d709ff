import type { components } from '../../openapi/types.ts';
import { contractProblems } from '../../core/signature-contract.ts';
import { stillFails } from '../store/index.ts';
import type { AppDoc, FamilyDoc, Liveness, LoadFailure, NodeDoc, StandIn } from '../store/index.ts';

type Schemas = components['schemas'];

/** The cluster as the planner reads it at the start of a solve. */
export interface ClusterSnapshot {
  nodes: readonly NodeDoc[];
  liveness: ReadonlyMap<string, Liveness>;
  families: readonly FamilyDoc[];
  apps: readonly AppDoc[];
  /** Apps served by the understudy that took over from a failed node (see StandIn). */
  standIns?: ReadonlyMap<string, StandIn>;
  /** Variants a node could not load or run (see LoadFailure). */
  loadFailures?: readonly LoadFailure[];
}

/**
 * Turns the desired state into the solver's self-contained problem. Nodes that are down or
 * draining get no work. An app pinned to such a node is planned as if unpinned, so it keeps
 * running elsewhere; its pin applies again once the node is back. An app whose understudy
 * took over while its node is down stays where it is served, at the variant served, as its
 * primary: re-protection gives it a new understudy without moving it, and the fail-back plan
 * (once the node is back) returns it to its own primary variant. A variant a node could not
 * load or run, as registered now, is marked `failedToLoad`: no understudy or first step uses
 * it, on any node, until its file or registration changes; so is one whose signature (stored
 * before registration checked it) is not its family's.
 */
export function problemFromState(
  cluster: ClusterSnapshot,
  request: Schemas['SolveRequest'],
): Schemas['PlanningProblem'] {
  const usable = cluster.nodes.filter((node) => isUsable(node, cluster.liveness.get(node.id)));
  const usableIds = new Set(usable.map((node) => node.id));
  return {
    nodes: usable.map((node) => ({ id: node.id, memoryMiB: node.memoryMiB, domain: node.domain })),
    families: cluster.families.map((family) => ({
      id: family.id,
      variants: family.variants.map((variant) => {
        const failed = failureOf(cluster, family.id, variant);
        const broken = contractBreach(family, variant);
        return {
          id: variant.id,
          accuracy: variant.accuracy,
          memoryMiB: variant.memoryMiB,
          loadMs: variant.loadMs,
          latencyMs: variant.latencyMs,
          ...(failed !== undefined
            ? { failedToLoad: `${failed.code} on ${failed.node}: ${failed.message}` }
            : broken !== undefined
              ? { failedToLoad: broken }
              : {}),
        };
      }),
    })),
    apps: cluster.apps.map((app) => {
      const standIn = standingIn(cluster, app, usableIds);
      const pinned = app.primaryNode !== undefined && usableIds.has(app.primaryNode);
      return {
        id: app.id,
        family: app.family,
        primaryVariant: standIn?.variant ?? app.primaryVariant,
        weight: app.weight,
        slo: app.slo,
        ...(standIn
          ? { primaryNode: standIn.node }
          : pinned
            ? { primaryNode: app.primaryNode }
            : {}),
      };
    }),
    ...(request.protection === undefined ? {} : { protection: request.protection }),
    ...(request.objective === undefined ? {} : { objective: request.objective }),
    ...(request.timeLimitMs === undefined ? {} : { timeLimitMs: request.timeLimitMs }),
  };
}

/** The latest load failure of the variant that still applies to its registration. */
function failureOf(
  cluster: ClusterSnapshot,
  family: string,
  variant: FamilyDoc['variants'][number],
): LoadFailure | undefined {
  let latest: LoadFailure | undefined;
  for (const failure of cluster.loadFailures ?? []) {
    if (failure.family !== family || failure.variant !== variant.id) continue;
    if (!stillFails(failure, variant)) continue;
    if (latest === undefined || failure.atMs > latest.atMs) latest = failure;
  }
  return latest;
}

/**
 * Why a variant stored before registration checked signatures does not keep its family's, if
 * it does not: agents would refuse it, so it is planned like a variant known to fail.
 */
function contractBreach(
  family: FamilyDoc,
  variant: FamilyDoc['variants'][number],
): string | undefined {
  if (family.signature === undefined || variant.signature === undefined) return undefined;
  const problems = contractProblems(family.signature, variant.signature, variant.tensorNames, '');
  if (problems.length === 0) return undefined;
  return `SIGNATURE_MISMATCH: ${problems.map((problem) => problem.detail).join('; ')}`;
}

function isUsable(node: NodeDoc, liveness: Liveness | undefined): boolean {
  return !node.draining && liveness?.status !== 'down';
}

/** The app's stand-in while it applies: its failed node down (not removed), its serving node usable. */
function standingIn(
  cluster: ClusterSnapshot,
  app: AppDoc,
  usableIds: ReadonlySet<string>,
): StandIn | undefined {
  const standIn = cluster.standIns?.get(app.id);
  if (standIn === undefined || !usableIds.has(standIn.node)) return undefined;
  // The failed node is back, or was removed for good: the app is planned as it was declared.
  if (!cluster.nodes.some((node) => node.id === standIn.failedNode)) return undefined;
  if (cluster.liveness.get(standIn.failedNode)?.status !== 'down') return undefined;
  const family = cluster.families.find((candidate) => candidate.id === app.family);
  return family?.variants.some((variant) => variant.id === standIn.variant) ? standIn : undefined;
}
