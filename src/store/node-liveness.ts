import type { Redis } from 'ioredis';
import type { components } from '../../openapi/types.ts';
import type { Keys } from './keys.ts';
import { withStore } from './unavailable.ts';

type NodeStatus = components['schemas']['NodeStatus'];

export interface Liveness {
  status?: NodeStatus;
  lastHeartbeatMs?: number;
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
      pipeline.hmget(this.keys.nodeLiveness(id), 'status', 'lastHeartbeatMs');
    const replies = (await withStore(() => pipeline.exec())) ?? [];
    const result = new Map<string, Liveness>();
    replies.forEach(([error, reply], index) => {
      if (error) throw error;
      const [status, lastHeartbeatMs] = reply as [string | null, string | null];
      result.set(nodeIds[index] ?? '', {
        ...(status ? { status: status as NodeStatus } : {}),
        ...(lastHeartbeatMs ? { lastHeartbeatMs: Number(lastHeartbeatMs) } : {}),
      });
    });
    return result;
  }

  /** Records that the node's agent reported at `atMs` (epoch ms). */
  async recordHeartbeat(nodeId: string, atMs: number): Promise<void> {
    await withStore(() =>
      this.redis.hset(this.keys.nodeLiveness(nodeId), 'lastHeartbeatMs', String(atMs)),
    );
  }

  /** Sets the node's status as the controller decided it. */
  async setStatus(nodeId: string, status: NodeStatus): Promise<void> {
    await withStore(() => this.redis.hset(this.keys.nodeLiveness(nodeId), 'status', status));
  }

  async clear(nodeId: string): Promise<void> {
    await withStore(() => this.redis.del(this.keys.nodeLiveness(nodeId)));
  }
}
