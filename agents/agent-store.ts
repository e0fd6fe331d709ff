/**
 * What an agent keeps in Redis, and nothing more: the event log (it appends what it did and
 * follows failure events), its node's liveness (heartbeats, status changes), and its node's
 * registration in the desired state. The planner's stores (cluster state, plans, solves) are
 * not reachable from here.
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { EventCheck } from '../core/event-check.ts';
import { EVENT_STREAM_MAX_LENGTH, EventLog } from '../core/event-log.ts';
import { Keys } from '../core/keys.ts';
import { NodeLiveness } from '../core/node-liveness.ts';
import { withStore } from '../core/unavailable.ts';

const UPSERT_NODE = readFileSync(new URL('./lua/upsert-node.lua', import.meta.url), 'utf8');

/** What the agent knows of its node; see `lua/upsert-node.lua` for what an upsert keeps. */
export interface NodeRegistrationFields {
  memoryMiB: number;
  /** `host:port` where clients reach the inference server. */
  address: string;
  /** Failure domain; when absent an existing node keeps its own (a new one gets `default`). */
  domain?: string;
}

export interface AgentStore {
  keys: Keys;
  events: EventLog;
  liveness: NodeLiveness;
  /** The event log over a connection of its own (for blocking reads), checked the same way. */
  eventsOn(redis: Redis): EventLog;
  /** Creates or updates the node's document; resolves to its new revision. */
  upsertNode(nodeId: string, fields: NodeRegistrationFields): Promise<{ revision: string }>;
}

export function createAgentStore(options: {
  redis: Redis;
  prefix: string;
  /** How events read are checked (`eventCheck` in core); default: trusted as written. */
  eventCheck?: EventCheck;
}): AgentStore {
  const { redis } = options;
  const keys = new Keys(options.prefix);
  const eventsOn = (connection: Redis) =>
    new EventLog({ redis: connection, keys, ...options.eventCheck });
  return {
    keys,
    events: eventsOn(redis),
    eventsOn,
    liveness: new NodeLiveness({ redis, keys }),
    upsertNode: async (nodeId, fields) => {
      const [revision] = (await withStore(() =>
        redis.eval(
          UPSERT_NODE,
          3,
          keys.resource('node', nodeId),
          keys.index('node'),
          keys.events(),
          nodeId,
          String(fields.memoryMiB),
          fields.address,
          fields.domain ?? '',
          String(Date.now()),
          String(EVENT_STREAM_MAX_LENGTH),
        ),
      )) as [string, number];
      return { revision };
    },
  };
}
