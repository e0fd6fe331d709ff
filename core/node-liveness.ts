import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { components } from '../openapi/types.ts';
import type { EventData } from './events.ts';
import type { Keys } from './keys.ts';
import { EVENT_STREAM_MAX_LENGTH } from './event-log.ts';
import { withStore } from './unavailable.ts';

type NodeStatus = components['schemas']['NodeStatus'];

const TRANSITION = readFileSync(new URL('./lua/transition-node.lua', import.meta.url), 'utf8');
const REGISTER = readFileSync(new URL('./lua/register-node.lua', import.meta.url), 'utf8');
const ACKNOWLEDGE_FENCE = readFileSync(
  new URL('./lua/acknowledge-fence.lua', import.meta.url),
  'utf8',
);

/** The events a status change appends. */
export type StatusEventType = 'node.failed' | 'node.suspected' | 'node.recovered';

/** A status event as its author writes it: the store adds the node's `epoch`. */
export type StatusEvent = {
  [T in StatusEventType]: { type: T; data: Omit<EventData<T>, 'epoch'> };
}[StatusEventType];

/** A guarded status change and the event that records it. */
export interface StatusChange {
  from: readonly NodeStatus[];
  to: NodeStatus;
  atMs: number;
  event: StatusEvent;
  /** The incarnation the evidence was about: refused (`stale`) once the node has a newer one. */
  judgedEpoch?: number;
}

/**
 * What a status change did. Unchanged, `current` is the status that stopped it, or why:
 * `stale` (the node has an incarnation newer than the one judged) or `unfenced` (a failed
 * node's agent has not yet acknowledged its fence, so it cannot be re-admitted).
 */
export type TransitionOutcome =
  | { changed: true; eventId: string; epoch: number }
  | { changed: false; current: NodeStatus | 'stale' | 'unfenced'; epoch: number };

export interface Liveness {
  status?: NodeStatus;
  lastHeartbeatMs?: number;
  /** How long after `lastHeartbeatMs` the agent says it should be suspected, in ms. */
  heartbeatTimeoutMs?: number;
  /** The node's incarnation: moved on by every registration and re-admission. */
  epoch?: number;
  /** The failed epoch whose fence the node's agent acknowledged. */
  fencedEpoch?: number;
}

/** A registration's outcome: the node's status and its incarnation epoch. */
export interface Registered {
  status: NodeStatus;
  epoch: number;
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
      pipeline.hmget(
        this.keys.nodeLiveness(id),
        'status',
        'lastHeartbeatMs',
        'heartbeatTimeoutMs',
        'epoch',
        'fencedEpoch',
      );
    const replies = (await withStore(() => pipeline.exec())) ?? [];
    const result = new Map<string, Liveness>();
    replies.forEach(([error, reply], index) => {
      if (error) throw error;
      const [status, lastHeartbeatMs, timeoutMs, epoch, fencedEpoch] = reply as Array<
        string | null
      >;
      result.set(nodeIds[index] ?? '', {
        ...(status ? { status: status as NodeStatus } : {}),
        ...(lastHeartbeatMs ? { lastHeartbeatMs: Number(lastHeartbeatMs) } : {}),
        ...(timeoutMs ? { heartbeatTimeoutMs: Number(timeoutMs) } : {}),
        ...(epoch ? { epoch: Number(epoch) } : {}),
        ...(fencedEpoch ? { fencedEpoch: Number(fencedEpoch) } : {}),
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
   * Changes the node's status to `to` only if it is one of `from` now (and, when given, the
   * node is still in `judgedEpoch`; a re-admission also needs its fence acknowledged),
   * appending the event with the node's epoch in the same atomic step. See
   * `lua/transition-node.lua`.
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
        change.judgedEpoch === undefined ? '' : String(change.judgedEpoch),
      ),
    )) as [number, string, number];
    const [changed, detail, epoch] = reply;
    return changed === 1
      ? { changed: true, eventId: detail, epoch }
      : { changed: false, current: detail as NodeStatus | 'stale' | 'unfenced', epoch };
  }

  /**
   * An agent started on the node: `up` in a new epoch, unless the node was declared failed —
   * then it stays `down` (its fresh process acknowledging the fence) until the controller
   * re-admits it. See `lua/register-node.lua`.
   */
  async register(nodeId: string, atMs: number): Promise<Registered> {
    const [status, epoch] = (await withStore(() =>
      this.redis.eval(REGISTER, 1, this.keys.nodeLiveness(nodeId), String(atMs)),
    )) as [NodeStatus, number];
    return { status, epoch };
  }

  /**
   * The node's agent released everything it held after being failed in `epoch`: the
   * controller may re-admit it. False when the node is not down in that epoch.
   */
  async acknowledgeFence(nodeId: string, epoch: number): Promise<boolean> {
    const reply = await withStore(() =>
      this.redis.eval(ACKNOWLEDGE_FENCE, 1, this.keys.nodeLiveness(nodeId), String(epoch)),
    );
    return reply === 1;
  }

  /** Where agents send their direct heartbeats (the leader's `host:port`), if published. */
  async heartbeatTarget(): Promise<string | undefined> {
    return (await withStore(() => this.redis.get(this.keys.heartbeatTarget()))) ?? undefined;
  }

  /** The leader publishes where agents send their direct heartbeats. */
  async setHeartbeatTarget(address: string): Promise<void> {
    await withStore(() => this.redis.set(this.keys.heartbeatTarget(), address));
  }

  /** Sets the node's status as the controller decided it. */
  async setStatus(nodeId: string, status: NodeStatus): Promise<void> {
    await withStore(() => this.redis.hset(this.keys.nodeLiveness(nodeId), 'status', status));
  }

  async clear(nodeId: string): Promise<void> {
    await withStore(() => this.redis.del(this.keys.nodeLiveness(nodeId)));
  }
}
