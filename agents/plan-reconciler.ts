/**
 * Turns a node's plan slice into what the node holds. `apply()` is idempotent and versioned:
 * it may be re-delivered (BullMQ retries, a planner re-enqueueing), an older version is
 * ignored, the version already held is `unchanged` and reloads nothing. Memory never exceeds
 * the budget: sessions the plan drops go first, a replacement is loaded before the replica it
 * replaces when both fit and after it otherwise, and a plan whose sessions cannot fit at all
 * is refused before anything changes. One model failing (a corrupt file, a bad checksum) is
 * recorded in `failures` and the rest is applied.
 *
 * A version whose failures include one a retry may fix (a model URL that did not answer) is
 * reconciled again when re-delivered, so BullMQ's retries retry the loads.
 *
 * A newer plan is authoritative: replicas a failover activated that it does not list are
 * released (the planner re-plans after a failure, so its next plan lists them).
 */
import type { Logger } from 'pino';
import type { components } from '../openapi/types.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { ApplyPlanResult, NodePlanSlice } from '../core/plan-jobs.ts';
import type { FailoverTable } from './failover-table.ts';
import { isRetryable } from './failure-codes.ts';
import type { ModelStager } from './model-stager.ts';
import type { PlanSliceCheck } from './plan-slice-check.ts';
import { modelLabel, sameModel } from './replica.ts';
import type { ModelRef, Replica } from './replica.ts';
import type { SessionManager } from './session-manager.ts';

type Schemas = components['schemas'];
type SessionSpec = Schemas['SessionSpec'];
export type PlanFailure = ApplyPlanResult['failures'][number];

export interface ApplyOutcome {
  result: ApplyPlanResult;
  /** The plan asked for models and every one of them failed. */
  nothingApplied: boolean;
}

export interface PlanReconcilerOptions {
  nodeId: string;
  sessions: SessionManager;
  stager: ModelStager;
  table: FailoverTable;
  /** What a job's data must be before anything changes (`compilePlanSliceCheck`). */
  checkSlice: PlanSliceCheck;
  logger: Logger;
}

export class PlanReconciler {
  private readonly nodeId: string;
  private readonly sessions: SessionManager;
  private readonly stager: ModelStager;
  private readonly table: FailoverTable;
  private readonly checkSlice: PlanSliceCheck;
  private readonly logger: Logger;
  private version: number | undefined;
  private staged: ModelRef[] = [];
  private failures: PlanFailure[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PlanReconcilerOptions) {
    this.nodeId = options.nodeId;
    this.sessions = options.sessions;
    this.stager = options.stager;
    this.table = options.table;
    this.checkSlice = options.checkSlice;
    this.logger = options.logger;
  }

  /** The plan version this node holds; undefined before the first plan. */
  get planVersion(): number | undefined {
    return this.version;
  }

  /** Files the applied plan staged for cold understudies. */
  get stagedModels(): readonly ModelRef[] {
    return this.staged;
  }

  /** Applies job data (checked first: VALIDATION_FAILED changes nothing). One at a time. */
  apply(data: unknown): Promise<ApplyOutcome> {
    const run = this.queue.then(() => this.applyNow(data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The node was declared failed while it was alive (stopped, cut off): its role went to the
   * understudies, so it releases every session and forgets its failover table until a newer
   * plan re-admits it. Queued behind any plan being applied. Returns how many it released.
   */
  fence(): Promise<number> {
    const run = this.queue.then(async () => {
      const released = this.sessions.replicas().length;
      await this.sessions.unloadAll();
      this.table.adopt(this.version ?? 0, []);
      this.staged = [];
      return released;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** What the node holds now, as an `apply-plan` job returns it. */
  holdings(outcome: ApplyPlanResult['outcome']): ApplyPlanResult {
    return {
      node: this.nodeId,
      planVersion: this.version ?? 0,
      outcome,
      sessions: this.sessions.replicas().map((replica) => ({
        app: replica.app,
        role: replica.role,
        serving: replica.serving,
        family: replica.model.family,
        variant: replica.model.variant,
        memoryMiB: replica.measuredMiB,
        loadMs: Math.round(replica.loadMs * 100) / 100,
      })),
      staged: [...this.staged],
      failures: [...this.failures],
    };
  }

  private async applyNow(data: unknown): Promise<ApplyOutcome> {
    const problems = this.checkSlice(data, this.nodeId);
    if (problems.length > 0) {
      const listed = problems.map((problem) => `${problem.pointer} ${problem.detail}`).join('; ');
      throw new DomainError('VALIDATION_FAILED', `the plan slice is invalid: ${listed}`, problems);
    }
    const slice = data as NodePlanSlice;
    if (this.version !== undefined && slice.planVersion < this.version) {
      return { result: this.holdings('ignored-older'), nothingApplied: false };
    }
    if (slice.planVersion === this.version) {
      const retry = this.failures.some((failure) => isRetryable(failure.code));
      if (!retry) return { result: this.holdings('unchanged'), nothingApplied: false };
      return this.retryFailed(slice);
    }
    this.checkBudget(slice);
    const failures: PlanFailure[] = [];
    await this.reconcileSessions(slice.sessions, failures);
    const staged = await this.stageAll(slice.stage, failures);
    this.table.adopt(slice.planVersion, slice.failover);
    this.version = slice.planVersion;
    this.staged = staged;
    this.failures = failures;
    const asked = slice.sessions.length + slice.stage.length;
    this.logger.info({ planVersion: slice.planVersion, failures: failures.length }, 'plan applied');
    return {
      result: this.holdings('applied'),
      nothingApplied: asked > 0 && failures.length >= asked,
    };
  }

  /**
   * Re-delivery of the version held after a failure a retry may fix: retries only the models
   * that failed so, leaving the rest — and anything a failover activated since — as it is.
   */
  private async retryFailed(slice: NodePlanSlice): Promise<ApplyOutcome> {
    const retrying = this.failures.filter((failure) => isRetryable(failure.code));
    const failures = this.failures.filter((failure) => !isRetryable(failure.code));
    const failed = (model: ModelRef, app?: string) =>
      retrying.some((failure) => failure.variant === model.variant && failure.app === app);
    const wanted = new Map(slice.sessions.map((spec) => [spec.app, spec]));
    for (const spec of slice.sessions) {
      if (!failed(spec.model, spec.app)) continue;
      await this.reconcileApp(spec, wanted).catch((error: unknown) =>
        failures.push(failureOf(error, spec.model, spec.app)),
      );
    }
    const retried = await this.stageAll(
      slice.stage.filter((model) => failed(model)),
      failures,
    );
    this.staged.push(...retried);
    this.failures = failures;
    const asked = slice.sessions.length + slice.stage.length;
    return { result: this.holdings('applied'), nothingApplied: failures.length >= asked };
  }

  private checkBudget(slice: NodePlanSlice): void {
    const neededMiB = slice.sessions.reduce((sum, session) => sum + session.model.memoryMiB, 0);
    const capacityMiB = this.sessions.budget.capacityMiB;
    if (neededMiB > capacityMiB + 1e-6) {
      const detail = `plan ${slice.planVersion} puts ${neededMiB} MiB of sessions on ${this.nodeId}, which has ${capacityMiB} MiB for models; nothing was changed`;
      throw new DomainError('MEMORY_BUDGET_EXCEEDED', detail, [
        { pointer: '/data/sessions', detail },
      ]);
    }
  }

  private async reconcileSessions(
    specs: readonly SessionSpec[],
    failures: PlanFailure[],
  ): Promise<void> {
    const wanted = new Map(specs.map((spec) => [spec.app, spec]));
    for (const replica of this.sessions.replicas()) {
      if (!wanted.has(replica.app)) await this.sessions.unload(replica);
    }
    for (const spec of specs) {
      try {
        await this.reconcileApp(spec, wanted);
      } catch (error) {
        failures.push(failureOf(error, spec.model, spec.app));
        this.logger.warn(
          { app: spec.app, model: modelLabel(spec.model), err: error },
          'session failed',
        );
      }
    }
  }

  private async reconcileApp(
    spec: SessionSpec,
    wanted: ReadonlyMap<string, SessionSpec>,
  ): Promise<void> {
    const kept = this.sessions.find(spec.app, spec.model);
    const others = this.sessions.replicasOf(spec.app).filter((replica) => replica !== kept);
    if (kept !== undefined) {
      this.sessions.setRole(kept, spec.role, spec.serving);
      await this.unloadAll(others);
      return;
    }
    const path = await this.stager.stage(spec.model);
    const budget = this.sessions.budget;
    if (!budget.fits(spec.model.memoryMiB)) await this.unloadAll(others);
    if (!budget.fits(spec.model.memoryMiB)) await this.unloadAll(this.replaced(wanted));
    await this.sessions.load({ ...spec, path, priority: 'plan', prime: true });
    await this.unloadAll(others);
  }

  /** Replicas of planned apps whose model the plan changes: released early when room is short. */
  private replaced(wanted: ReadonlyMap<string, SessionSpec>): Replica[] {
    return this.sessions.replicas().filter((replica) => {
      const spec = wanted.get(replica.app);
      return spec !== undefined && !sameModel(replica.model, spec.model);
    });
  }

  private async unloadAll(replicas: readonly Replica[]): Promise<void> {
    for (const replica of replicas) await this.sessions.unload(replica);
  }

  private async stageAll(
    models: readonly ModelRef[],
    failures: PlanFailure[],
  ): Promise<ModelRef[]> {
    const staged: ModelRef[] = [];
    for (const model of models) {
      try {
        await this.stager.stage(model);
        staged.push(model);
      } catch (error) {
        failures.push(failureOf(error, model));
        this.logger.warn({ model: modelLabel(model), err: error }, 'staging failed');
      }
    }
    return staged;
  }
}

function failureOf(error: unknown, model: ModelRef, app?: string): PlanFailure {
  const code = isDomainError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...(app === undefined ? {} : { app }),
    family: model.family,
    variant: model.variant,
    code,
    message,
  };
}
