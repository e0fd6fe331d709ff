import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { components } from '../openapi/types.ts';
import type { NewEvent } from './events.ts';
import type { Keys } from './keys.ts';
import { EVENT_STREAM_MAX_LENGTH } from './event-log.ts';
import { withStore } from './unavailable.ts';

type NodeStatus = components['schemas']['NodeStatus'];

const TRANSITION = readFileSync(new URL('./lua/transition-node.lua', import.meta.url), 'utf8');
const REGISTER = readFileSync(new URL('./lua/register-node.lua', import.meta.url), 'utf8');

/** A guarded status change and the event that records it. */
export interface StatusChange {
  from: readonly NodeStatus[];
  to: NodeStatus;
  atMs: number;
  event: NewEvent;
}

export type TransitionOutcome =
  { changed: true; eventId: string } | { changed: false; current: NodeStatus };

export interface Liveness {
  status?: NodeStatus;
  lastHeartbeatMs?: number;
  /** How long after `lastHeartbeatMs` the agent says it should be suspected, in ms. */
  heartbeatTimeoutMs?: number;
}

/** A node's liveness as the controller sees it, kept apart from its desired state. */
export class NodeLiveness {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  async getMany(nodeIds: readonly string[]): Promise<Map<string, Liveness>> {
    if (nodeIds.length === 0) return new Map();
    const pipeline = this.redis.pipeline();
    for (const id of nodeIds)
      pipeline.hmget(this.keys.nodeLiveness(id), 'status', 'lastHeartbeatMs', 'heartbeatTimeoutMs');
    const replies = (await withStore(() => pipeline.exec())) ?? [];
    const result = new Map<string, Liveness>();
    replies.forEach(([error, reply], index) => {
      if (error) throw error;
      const [status, lastHeartbeatMs, timeoutMs] = reply as Array<string | null>;
      result.set(nodeIds[index] ?? '', {
        ...(status ? { status: status as NodeStatus } : {}),
        ...(lastHeartbeatMs ? { lastHeartbeatMs: Number(lastHeartbeatMs) } : {}),
        ...(timeoutMs ? { heartbeatTimeoutMs: Number(timeoutMs) } : {}),
      });
    });
    return result;
  }

  /**
   * Records that the node's agent reported at `atMs` (epoch ms). `timeoutMs`, when given, is
   * stored as `heartbeatTimeoutMs`: how long after its last heartbeat the agent itself says it
   * should be suspected (its heartbeat interval plus measured jitter).
   */
  async recordHeartbeat(
    nodeId: string,
    atMs: number,
    options: { timeoutMs?: number } = {},
  ): Promise<void> {
    const fields = ['lastHeartbeatMs', String(atMs)];
    if (options.timeoutMs !== undefined)
      fields.push('heartbeatTimeoutMs', String(options.timeoutMs));
    await withStore(() => this.redis.hset(this.keys.nodeLiveness(nodeId), ...fields));
  }

  /**
   * Changes the node's status to `to` only if it is one of `from` now, appending the event in
   * the same atomic step. `changed: false` reports the status that stopped it.
   */
  async transition(nodeId: string, change: StatusChange): Promise<TransitionOutcome> {
    const reply = (await withStore(() =>
      this.redis.eval(
        TRANSITION,
        2,
        this.keys.nodeLiveness(nodeId),
        this.keys.events(),
        change.from.join(','),
        change.to,
        change.event.type,
        JSON.stringify(change.event.data),
        String(change.atMs),
        String(EVENT_STREAM_MAX_LENGTH),
      ),
    )) as [number, string];
    return reply[0] === 1
      ? { changed: true, eventId: reply[1] }
      : { changed: false, current: reply[1] as NodeStatus };
  }

  /**
   * An agent started on the node: `up`, unless the node was declared failed — then it stays
   * `down` until the controller re-admits it. Returns the status afterwards.
   */
  async register(nodeId: string, atMs: number): Promise<NodeStatus> {
    return (await withStore(() =>
      this.redis.eval(REGISTER, 1, this.keys.nodeLiveness(nodeId), String(atMs)),
    )) as NodeStatus;
  }

  /** Sets the node's status as the controller decided it. */
  async setStatus(nodeId: string, status: NodeStatus): Promise<void> {
    await withStore(() => this.redis.hset(this.keys.nodeLiveness(nodeId), 'status', status));
  }

  async clear(nodeId: string): Promise<void> {
    await withStore(() => this.redis.del(this.keys.nodeLiveness(nodeId)));
  }
}
