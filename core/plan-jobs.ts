/**
 * The planner ↔ agent job contract: the planner enqueues one `apply-plan` job per node on that
 * node's own BullMQ queue, carrying the node's slice of a published plan; the agent's worker
 * returns what the node then holds. Both sides take the names and types from here.
 */
import type { components } from '../openapi/types.ts';
import type { Keys } from './keys.ts';

type Schemas = components['schemas'];

/** One node's part of a published plan: what to hold, what to stage, its failover table. */
export type NodePlanSlice = Schemas['NodePlanSlice'];
/** What an agent reports it holds after applying a slice (the job's return value). */
export type ApplyPlanResult = Schemas['ApplyPlanResult'];

/** The BullMQ job name agents consume. */
export const APPLY_PLAN_JOB = 'apply-plan';

/** Where a node's `apply-plan` jobs live: the queue's name and BullMQ's key prefix. */
export interface PlanQueue {
  name: string;
  prefix: string;
}

export function planQueueOf(keys: Keys, nodeId: string): PlanQueue {
  return { name: `node.${nodeId}`, prefix: keys.bullPrefix() };
}

/**
 * The job id of a plan version's slice: publishing the same version twice (a retried solve, a
 * new leader) enqueues it once.
 */
export function applyPlanJobId(planVersion: number): string {
  return `plan-${planVersion}`;
}
