import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { components } from '../../openapi/types.ts';
import { diffForEvent } from '../../solver/diff/index.ts';
import type { Store } from '../store/index.ts';
import type { PlanPublisher } from './plan-publisher.ts';
import { slicePlan } from './plan-slicer.ts';
import { problemFromState } from './problem-from-state.ts';
import { readCluster } from './read-cluster.ts';

type Schemas = components['schemas'];

/** Solves a planning problem (the solver runs glpk.js in a worker thread). */
export type SolveFn = (problem: Schemas['PlanningProblem']) => Promise<Schemas['Plan']>;
/** The independent checker: every violated constraint. */
export type CheckFn = (
  problem: Schemas['PlanningProblem'],
  plan: Schemas['Plan'],
) => ReadonlyArray<{ message: string }>;

export interface SolveCoordinatorOptions {
  store: Store;
  publisher: PlanPublisher;
  solve: SolveFn;
  check: CheckFn;
  logger: Logger;
  /** Epoch ms clock. Default `Date.now`. */
  nowMs?: () => number;
}

/** Why a plan is solved; `plan.published` carries it. */
export interface SolveCause {
  reason: 'requested' | 'failover' | 'fail-back' | 'load-failure';
  /** The node that failed (`failover`), returned (`fail-back`) or could not load (`load-failure`). */
  node?: string;
  /** The cursor of the event that caused the solve. */
  trigger?: string;
}

/**
 * Runs solves in the background: read the cluster, solve, check independently, publish the
 * plan as the next version, enqueue each node's slice, and record an event. A plan that fails
 * the check is never published.
 */
export class SolveCoordinator {
  private readonly options: SolveCoordinatorOptions;
  private readonly nowMs: () => number;
  private readonly running = new Set<Promise<void>>();

  constructor(options: SolveCoordinatorOptions) {
    this.options = options;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Records a queued solve and starts it; resolves before the solve finishes. */
  async start(
    request: Schemas['SolveRequest'],
    cause: SolveCause = { reason: 'requested' },
  ): Promise<Schemas['Solve']> {
    return (await this.begin(request, cause)).queued;
  }

  /** Solves and publishes; resolves with the solve as it ended (published, rejected, failed). */
  async solve(request: Schemas['SolveRequest'], cause: SolveCause): Promise<Schemas['Solve']> {
    return (await this.begin(request, cause)).finished;
  }

  private async begin(request: Schemas['SolveRequest'], cause: SolveCause) {
    const queued: Schemas['Solve'] = {
      id: randomUUID().replaceAll('-', ''),
      status: 'queued',
      createdAt: new Date(this.nowMs()).toISOString(),
    };
    await this.options.store.solves.save(queued);
    const finished = this.run(queued, request, cause);
    const run = finished.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { queued, finished };
  }

  /** Waits for the solves under way. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }

  private async run(
    solve: Schemas['Solve'],
    request: Schemas['SolveRequest'],
    cause: SolveCause,
  ): Promise<Schemas['Solve']> {
    const { store, logger } = this.options;
    try {
      await store.solves.save({ ...solve, status: 'solving' });
      const cluster = await readCluster(store);
      const problem = problemFromState(cluster, request);
      const plan = await this.options.solve(problem);
      const violations = this.options.check(problem, plan);
      if (violations.length > 0) return await this.reject(solve, violations);
      const previous = await store.plans.current();
      const published = await store.plans.publish({
        ...plan,
        createdAt: new Date(this.nowMs()).toISOString(),
      });
      await this.options.publisher.publish(slicePlan(published, cluster, published.createdAt));
      await store.events.append('plan.published', {
        version: published.version,
        solve: solve.id,
        ...cause,
        protectedApps: published.assignments.filter((assignment) => assignment.understudy).length,
        unprotectedApps: published.unprotected.length,
        solver: published.solver,
        diff: diffForEvent(previous, published, cluster),
      });
      const done: Schemas['Solve'] = {
        ...solve,
        status: 'published',
        planVersion: published.version,
      };
      await store.solves.save(done);
      return done;
    } catch (error) {
      logger.error({ err: error, solve: solve.id }, 'solve failed');
      const detail = error instanceof Error ? error.message : String(error);
      const failed: Schemas['Solve'] = { ...solve, status: 'failed', detail };
      await store.solves.save(failed).catch(() => undefined);
      return failed;
    }
  }

  private async reject(
    solve: Schemas['Solve'],
    violations: ReadonlyArray<{ message: string }>,
  ): Promise<Schemas['Solve']> {
    const { store, logger } = this.options;
    logger.error({ solve: solve.id, violations }, 'the checker rejected a plan; not published');
    const messages = violations.map((violation) => violation.message);
    await store.events.append('plan.rejected', {
      solve: solve.id,
      violations: messages.slice(0, 20),
    });
    const detail = `the plan checker found ${messages.length} violation(s): ${messages.slice(0, 3).join('; ')}`;
    const rejected: Schemas['Solve'] = { ...solve, status: 'rejected', detail };
    await store.solves.save(rejected);
    return rejected;
  }
}
