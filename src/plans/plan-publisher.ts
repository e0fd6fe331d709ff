import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.ts';
import { APPLY_PLAN_JOB, applyPlanJobId, planQueueOf } from '../../core/plan-jobs.ts';
import type { NodePlanSlice } from '../../core/plan-jobs.ts';

/**
 * Enqueues each node's slice as an `apply-plan` job on the node's own queue. The job id is
 * the plan version, so publishing the same version twice (a retried solve, a new leader)
 * enqueues it once. A node that is away finds its jobs waiting; it applies them in order
 * and ignores versions older than the one it holds.
 */
export class PlanPublisher {
  private readonly connection: Redis;
  private readonly keys: Keys;
  private readonly queues = new Map<string, Queue>();

  constructor(options: { connection: Redis; keys: Keys }) {
    this.connection = options.connection;
    this.keys = options.keys;
  }

  async publish(slices: readonly NodePlanSlice[]): Promise<void> {
    await Promise.all(
      slices.map((slice) =>
        this.queueOf(slice.node).add(APPLY_PLAN_JOB, slice, {
          jobId: applyPlanJobId(slice.planVersion),
          attempts: 5,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 100 },
        }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }

  private queueOf(node: string): Queue {
    let queue = this.queues.get(node);
    if (queue === undefined) {
      const { name, prefix } = planQueueOf(this.keys, node);
      queue = new Queue(name, { connection: this.connection, prefix });
      this.queues.set(node, queue);
    }
    return queue;
  }
}
