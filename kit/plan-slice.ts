import type { components } from '../openapi/types.ts';

type NodePlanSlice = components['schemas']['NodePlanSlice'];

/** A plan slice for `node` with the given parts (empty by default), created at epoch 0. */
export function planSlice(
  node: string,
  planVersion: number,
  parts: Partial<Pick<NodePlanSlice, 'sessions' | 'stage' | 'failover'>> = {},
): NodePlanSlice {
  return {
    planVersion,
    node,
    createdAt: new Date(0).toISOString(),
    sessions: parts.sessions ?? [],
    stage: parts.stage ?? [],
    failover: parts.failover ?? [],
  };
}
