import type { components } from '../openapi/agent-types.ts';
import type { FailoverTable } from './failover-table.ts';
import type { PlanReconciler } from './plan-reconciler.ts';
import type { Replica } from './replica.ts';
import type { SessionManager } from './session-manager.ts';

export type AgentState = components['schemas']['AgentState'];
type HeldReplica = components['schemas']['HeldReplica'];

export interface AgentStateSources {
  nodeId: string;
  sessions: SessionManager;
  reconciler: PlanReconciler;
  table: FailoverTable;
  inFlightRequests: () => number;
  draining: () => boolean;
}

/** The agent's `GET /v1/state` document, read from its components (no Redis I/O). */
export function describeAgentState(sources: AgentStateSources): AgentState {
  const { sessions } = sources;
  const replicas = sessions.replicas();
  const held = replicas.map((replica) =>
    heldReplica(replica, sessions.active(replica.app) === replica),
  );
  const measuredMiB = replicas.reduce((sum, replica) => sum + replica.measuredMiB, 0);
  return {
    node: sources.nodeId,
    planVersion: sources.reconciler.planVersion ?? null,
    memory: {
      capacityMiB: sessions.budget.capacityMiB,
      usedMiB: sessions.budget.usedMiB,
      measuredMiB: Math.round(measuredMiB * 100) / 100,
    },
    sessions: held,
    staged: sources.reconciler.stagedModels.map((model) => ({
      family: model.family,
      variant: model.variant,
    })),
    failover: {
      planVersion: sources.table.planVersion ?? null,
      failedNodes: sources.table.failedNodes(),
    },
    loads: sessions.loadCount,
    inFlightRequests: sources.inFlightRequests(),
    draining: sources.draining(),
  };
}

function heldReplica(replica: Replica, active: boolean): HeldReplica {
  return {
    app: replica.app,
    family: replica.model.family,
    variant: replica.model.variant,
    role: replica.role,
    serving: replica.serving,
    active,
    memoryMiB: replica.model.memoryMiB,
    measuredMiB: replica.measuredMiB,
    loadMs: Math.round(replica.loadMs * 100) / 100,
    loadedAt: new Date(replica.loadedAtMs).toISOString(),
    loadedAtMs: replica.loadedAtMs,
    ...(replica.activatedAtMs === undefined ? {} : { activatedAtMs: replica.activatedAtMs }),
    ...(replica.activatedFor === undefined ? {} : { activatedFor: replica.activatedFor }),
  };
}
