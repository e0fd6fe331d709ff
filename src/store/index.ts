import type { Redis } from 'ioredis';
import { ClusterState } from './cluster-state.ts';
import type { EventCheck } from '../../core/event-check.ts';
import { EventLog } from '../../core/event-log.ts';
import { Keys } from '../../core/keys.ts';
import { NodeLiveness } from '../../core/node-liveness.ts';
import { PlanStore } from './plan-store.ts';
import { RecoveryStore } from './recovery-store.ts';
import { ResourceStore } from './resource-store.ts';
import { SolveStore } from './solve-store.ts';
import { withStore } from '../../core/unavailable.ts';

export type { WriteConditions, WriteResult } from './cluster-state.ts';
export type { Revisioned } from './resource-store.ts';
export type { AppDoc, FamilyDoc, NodeDoc } from './documents.ts';
export type { Liveness } from '../../core/node-liveness.ts';
export type { LoadFailure, StandIn } from './recovery-store.ts';
export { stillFails } from './recovery-store.ts';
export { Keys };

/** Everything Understudy keeps in Redis, under one key prefix. */
export interface Store {
  keys: Keys;
  state: ClusterState;
  events: EventLog;
  plans: PlanStore;
  liveness: NodeLiveness;
  solves: SolveStore;
  recovery: RecoveryStore;
  /** Resolves when Redis answers a PING; rejects with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** The event log over a connection of its own (for blocking reads), checked the same way. */
  eventsOn(redis: Redis): EventLog;
}

export function createStore(options: {
  redis: Redis;
  prefix: string;
  nowMs?: () => number;
  /** How events read are checked (`eventCheck` in core); default: trusted as written. */
  eventCheck?: EventCheck;
}): Store {
  const { redis } = options;
  const keys = new Keys(options.prefix);
  const eventsOn = (connection: Redis) =>
    new EventLog({
      redis: connection,
      keys,
      ...options.eventCheck,
      ...(options.nowMs ? { nowMs: options.nowMs } : {}),
    });
  const events = eventsOn(redis);
  const resources = new ResourceStore({ redis, keys });
  return {
    keys,
    state: new ClusterState({ resources, events, keys }),
    events,
    plans: new PlanStore({ redis, keys }),
    liveness: new NodeLiveness({ redis, keys }),
    solves: new SolveStore({ redis, keys }),
    recovery: new RecoveryStore({ redis, keys }),
    ping: async () => {
      await withStore(() => redis.ping());
    },
    eventsOn,
  };
}
