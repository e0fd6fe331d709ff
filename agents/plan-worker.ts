/**
 * Consumes `apply-plan` jobs from this node's BullMQ queue and hands them to the reconciler.
 * The job's return value is what the node holds (`ApplyPlanResult`). Input that retrying
 * cannot fix — an invalid slice, a plan over the memory budget, models that are all corrupt —
 * fails the job for good (BullMQ's UnrecoverableError); anything else (Redis away, a model URL
 * that did not answer) fails the attempt and BullMQ retries it with the producer's backoff.
 * Errors cross the process boundary as `CODE: message`, identified by code.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { ErrorCode } from '../core/errors.ts';
import type { Keys } from '../core/keys.ts';
import { APPLY_PLAN_JOB, planQueueOf } from '../core/plan-jobs.ts';
import type { ApplyPlanResult, NodePlanSlice } from '../core/plan-jobs.ts';
import type { EventPublisher } from './event-publisher.ts';
import { isRejection, isRetryable } from './failure-codes.ts';
import type { ApplyOutcome, PlanReconciler } from './plan-reconciler.ts';

export interface PlanWorkerOptions {
  nodeId: string;
  /** A connection for BullMQ (`maxRetriesPerRequest: null`), used by this worker alone. */
  connection: Redis;
  keys: Keys;
  reconciler: PlanReconciler;
  events: EventPublisher;
  logger: Logger;
}

export class PlanWorker {
  private readonly options: PlanWorkerOptions;
  private worker: Worker<NodePlanSlice, ApplyPlanResult> | undefined;

  constructor(options: PlanWorkerOptions) {
    this.options = options;
  }

  /** Starts taking jobs; resolves once the worker is connected. */
  async start(): Promise<void> {
    const { keys, nodeId, connection, logger } = this.options;
    const queue = planQueueOf(keys, nodeId);
    const worker = new Worker<NodePlanSlice, ApplyPlanResult>(
      queue.name,
      (job) => this.process(job),
      { connection, prefix: queue.prefix, concurrency: 1 },
    );
    worker.on('error', (error) => logger.warn({ err: error }, 'plan worker'));
    this.worker = worker;
    await worker.waitUntilReady();
  }

  /** Stops taking jobs and waits for the one in progress. */
  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async process(job: Job<NodePlanSlice, ApplyPlanResult>): Promise<ApplyPlanResult> {
    const planVersion = (job.data as { planVersion?: unknown } | undefined)?.planVersion;
    try {
      if (job.name !== APPLY_PLAN_JOB) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `unknown job name ${job.name}; this queue carries ${APPLY_PLAN_JOB} jobs`,
        );
      }
      const outcome = await this.options.reconciler.apply(job.data);
      await this.reportApplied(outcome);
      if (outcome.nothingApplied) {
        const codes = [...new Set(outcome.result.failures.map((failure) => failure.code))];
        const retryable = codes.some(isRetryable);
        const detail = `no model of plan ${outcome.result.planVersion} could be loaded or staged: ${outcome.result.failures.map((failure) => failure.message).join('; ')}`;
        throw new DomainError(
          retryable ? 'MODEL_UNAVAILABLE' : ((codes[0] ?? 'MODEL_INVALID') as ErrorCode),
          detail,
        );
      }
      return outcome.result;
    } catch (error) {
      throw await this.failed(job, planVersion, error);
    }
  }

  private async reportApplied(outcome: ApplyOutcome): Promise<void> {
    const { result } = outcome;
    const events = this.options.events;
    for (const failure of result.failures) {
      if (result.outcome === 'applied')
        await events.publish('model.failed', { planVersion: result.planVersion, ...failure });
    }
    if (outcome.nothingApplied) return;
    await events.publish('plan.applied', {
      planVersion: result.planVersion,
      outcome: result.outcome,
      sessions: result.sessions.length,
      staged: result.staged.length,
      failures: result.failures.length,
    });
  }

  /** Records the failure as an event and returns what to throw to BullMQ. */
  private async failed(
    job: Job<NodePlanSlice, ApplyPlanResult>,
    planVersion: unknown,
    error: unknown,
  ): Promise<Error> {
    const code: ErrorCode = isDomainError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    const unrecoverable = !isRetryable(code);
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? 1;
    const willRetry = !unrecoverable && attempt < attempts;
    const type = isRejection(code) ? 'plan.rejected' : 'plan.failed';
    const errors = isDomainError(error) ? error.errors : [];
    await this.options.events.publish(type, {
      planVersion,
      jobId: job.id,
      code,
      message,
      errors: [...errors],
      attempt,
      attempts,
      willRetry,
    });
    this.options.logger.warn(
      { planVersion, code, message, attempt, willRetry },
      'apply-plan failed',
    );
    const reason = `${code}: ${message}`;
    return unrecoverable ? new UnrecoverableError(reason) : new Error(reason);
  }
}
