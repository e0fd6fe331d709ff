import type { components } from '../../openapi/types.ts';
import type { AppDoc, FamilyDoc, Liveness, NodeDoc } from '../store/index.ts';

type Schemas = components['schemas'];

/** The cluster as the planner reads it at the start of a solve. */
export interface ClusterSnapshot {
  nodes: readonly NodeDoc[];
  liveness: ReadonlyMap<string, Liveness>;
  families: readonly FamilyDoc[];
  apps: readonly AppDoc[];
}

/**
 * Turns the desired state into the solver's self-contained problem. Nodes that are down or
 * draining get no work. An app pinned to such a node is planned as if unpinned, so it keeps
 * running elsewhere; its pin applies again once the node is back.
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
      variants: family.variants.map((variant) => ({
        id: variant.id,
        accuracy: variant.accuracy,
        memoryMiB: variant.memoryMiB,
        loadMs: variant.loadMs,
        latencyMs: variant.latencyMs,
      })),
    })),
    apps: cluster.apps.map((app) => ({
      id: app.id,
      family: app.family,
      primaryVariant: app.primaryVariant,
      weight: app.weight,
      slo: app.slo,
      ...(app.primaryNode !== undefined && usableIds.has(app.primaryNode)
        ? { primaryNode: app.primaryNode }
        : {}),
    })),
    ...(request.protection === undefined ? {} : { protection: request.protection }),
    ...(request.objective === undefined ? {} : { objective: request.objective }),
    ...(request.timeLimitMs === undefined ? {} : { timeLimitMs: request.timeLimitMs }),
  };
}

function isUsable(node: NodeDoc, liveness: Liveness | undefined): boolean {
  return !node.draining && liveness?.status !== 'down';
}
