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
  async start(request: Schemas['SolveRequest']): Promise<Schemas['Solve']> {
    const solve: Schemas['Solve'] = {
      id: randomUUID().replaceAll('-', ''),
      status: 'queued',
      createdAt: new Date(this.nowMs()).toISOString(),
    };
    await this.options.store.solves.save(solve);
    const run = this.run(solve, request).finally(() => this.running.delete(run));
    this.running.add(run);
    return solve;
  }

  /** Waits for the solves under way. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }

  private async run(solve: Schemas['Solve'], request: Schemas['SolveRequest']): Promise<void> {
    const { store, logger } = this.options;
    try {
      await store.solves.save({ ...solve, status: 'solving' });
      const cluster = await readCluster(store);
      const problem = problemFromState(cluster, request);
      const plan = await this.options.solve(problem);
      const violations = this.options.check(problem, plan);
      if (violations.length > 0) {
        await this.reject(solve, violations);
        return;
      }
      const previous = await store.plans.current();
      const published = await store.plans.publish({
        ...plan,
        createdAt: new Date(this.nowMs()).toISOString(),
      });
      await this.options.publisher.publish(slicePlan(published, cluster, published.createdAt));
      await store.events.append('plan.published', {
        version: published.version,
        solve: solve.id,
        protectedApps: published.assignments.filter((assignment) => assignment.understudy).length,
        unprotectedApps: published.unprotected.length,
        solver: published.solver,
        diff: diffForEvent(previous, published, cluster),
      });
      await store.solves.save({ ...solve, status: 'published', planVersion: published.version });
    } catch (error) {
      logger.error({ err: error, solve: solve.id }, 'solve failed');
      const detail = error instanceof Error ? error.message : String(error);
      await store.solves.save({ ...solve, status: 'failed', detail }).catch(() => undefined);
    }
  }

  private async reject(
    solve: Schemas['Solve'],
    violations: ReadonlyArray<{ message: string }>,
  ): Promise<void> {
    const { store, logger } = this.options;
    logger.error({ solve: solve.id, violations }, 'the checker rejected a plan; not published');
    const messages = violations.map((violation) => violation.message);
    await store.events.append('plan.rejected', {
      solve: solve.id,
      violations: messages.slice(0, 20),
    });
    const detail = `the plan checker found ${messages.length} violation(s): ${messages.slice(0, 3).join('; ')}`;
    await store.solves.save({ ...solve, status: 'rejected', detail });
  }
}
