/**
 * The planner's side of the node queues, as a test or a benchmark needs it: enqueue an
 * `apply-plan` job on a node's queue and await its outcome.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { components } from '../openapi/types.ts';
import { Keys } from '../core/keys.ts';
import { APPLY_PLAN_JOB, planQueueOf } from '../core/plan-jobs.ts';

type Schemas = components['schemas'];
type NodePlanSlice = Schemas['NodePlanSlice'];
type ApplyPlanResult = Schemas['ApplyPlanResult'];

export type JobOutcome =
  | { status: 'completed'; result: ApplyPlanResult }
  | { status: 'failed'; reason: string; attemptsMade: number };

export interface PlanQueueOptions {
  redisUrl: string;
  prefix: string;
  /** Longest wait for one job to complete or fail for good, in ms. Default 20 000. */
  jobTimeoutMs?: number;
}

export class PlanQueue {
  private readonly keys: Keys;
  private readonly connection: Redis;
  private readonly queues = new Map<
    string,
    { queue: Queue; events: QueueEvents; eventsConnection: Redis }
  >();

  constructor(private readonly options: PlanQueueOptions) {
    this.keys = new Keys(options.prefix);
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  }

  /**
   * Enqueues an `apply-plan` job on the queue of `options.queueNode` (default the slice's
   * node) and waits for it to complete or fail for good.
   */
  async apply(
    slice: NodePlanSlice,
    options: { attempts?: number; queueNode?: string } = {},
  ): Promise<JobOutcome> {
    const { queue, events } = await this.queueOf(options.queueNode ?? slice.node);
    const job = await queue.add(APPLY_PLAN_JOB, slice, {
      attempts: options.attempts ?? 1,
      backoff: { type: 'fixed', delay: 50 },
    });
    try {
      const timeoutMs = this.options.jobTimeoutMs ?? 20_000;
      const result = (await job.waitUntilFinished(events, timeoutMs)) as ApplyPlanResult;
      return { status: 'completed', result };
    } catch (error) {
      const failed = await Job.fromId(queue, job.id ?? '');
      return {
        status: 'failed',
        reason: failed?.failedReason ?? (error as Error).message,
        attemptsMade: failed?.attemptsMade ?? 0,
      };
    }
  }

  /** Like `apply`, for setup: throws unless the job completed. */
  async mustApply(slice: NodePlanSlice): Promise<ApplyPlanResult> {
    const outcome = await this.apply(slice);
    if (outcome.status !== 'completed') throw new Error(`apply-plan failed: ${outcome.reason}`);
    return outcome.result;
  }

  async close(): Promise<void> {
    for (const { queue, events, eventsConnection } of this.queues.values()) {
      await events.close();
      eventsConnection.disconnect(); // BullMQ leaves a connection it was given open
      await queue.close();
    }
    this.connection.disconnect();
  }

  private async queueOf(node: string): Promise<{ queue: Queue; events: QueueEvents }> {
    let entry = this.queues.get(node);
    if (entry === undefined) {
      const { name, prefix } = planQueueOf(this.keys, node);
      const eventsConnection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
      const events = new QueueEvents(name, { connection: eventsConnection, prefix });
      const queue = new Queue(name, { connection: this.connection, prefix });
      entry = { queue, events, eventsConnection };
      this.queues.set(node, entry);
      await events.waitUntilReady();
    }
    return entry;
  }
}
