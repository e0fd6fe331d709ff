/**
 * Executes this node's failover table when another node fails — at once, from the table it
 * holds, without waiting for a new plan. Warm understudies are marked serving synchronously,
 * before anything is awaited. Cold ones are progressive: load the first step (the small
 * variant that meets the app's minimum accuracy) from the staged file and serve it, then load
 * the planned variant in the background, swap, and release the small one. Every step is an
 * event carrying the instant it happened (`atMs`, sub-ms precision), so recovery time is
 * measured from events, not guessed. A replica is reported serving (`failover.served`, at
 * the instant it answered) only once it answered the probe input (probe-input.ts); one that
 * cannot is taken out of service and reported as `failover.failed` with the reason.
 */
import type { Logger } from 'pino';
import { isDomainError } from '../core/errors.ts';
import type { EventData } from '../core/events.ts';
import type { Clock } from './clock.ts';
import type { AgentEventFields, EventPublisher } from './event-publisher.ts';
import type { FailoverAction, FailoverTable } from './failover-table.ts';
import type { ModelStager } from './model-stager.ts';
import { answerProbe } from './probe-input.ts';
import { sameModel } from './replica.ts';
import type { ModelRef, Replica } from './replica.ts';
import type { SessionManager } from './session-manager.ts';

/** A `node.failed` event as the executor needs it. */
export interface NodeFailure {
  failedNode: string;
  /** The event's cursor in the stream. */
  eventId: string;
  /** The incarnation of the node that was judged failed. */
  epoch: number;
  /** The plan version the event names, if it names one. */
  planVersion?: number;
}

export interface FailoverExecutorOptions {
  nodeId: string;
  table: FailoverTable;
  sessions: SessionManager;
  stager: ModelStager;
  events: EventPublisher;
  clock: Clock;
  logger: Logger;
}

type FailoverFields = AgentEventFields<'failover.started'>;
type FailoverStep = FailoverFields['step'];

/** What every event of one failover carries. */
type Context = Pick<
  FailoverFields,
  'failedNode' | 'planVersion' | 'trigger' | 'eventPlanVersion' | 'note' | 'fallback'
>;

export class FailoverExecutor {
  private readonly options: FailoverExecutorOptions;
  private readonly handled = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  constructor(options: FailoverExecutorOptions) {
    this.options = options;
  }

  /**
   * Acts on a failure. Warm activations are done when this returns; the promise settles
   * when the cold ones (and their upgrades) have. A repeated event for a node already failed
   * over is ignored until `forget()` (the node recovered).
   */
  execute(failure: NodeFailure): Promise<void> {
    const { nodeId, table, logger } = this.options;
    const actions = table.actionsFor(failure.failedNode);
    if (
      failure.failedNode === nodeId ||
      this.handled.has(failure.failedNode) ||
      actions.length === 0
    ) {
      logger.info({ failure, actions: actions.length }, 'failure event: nothing to do here');
      return Promise.resolve();
    }
    this.handled.add(failure.failedNode);
    const context = this.contextOf(failure);
    const steps = actions
      .filter((action) => action.mode === 'warm')
      .map((action) => this.warm(action, context));
    for (const action of actions)
      if (action.mode === 'cold') steps.push(this.cold(action, context));
    const done = Promise.allSettled(steps).then(() => undefined);
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return done;
  }

  /** The node recovered: a later failure of it is acted on again. */
  forget(failedNode: string): void {
    this.handled.delete(failedNode);
  }

  /** Resolves when no failover is under way (for draining). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private contextOf(failure: NodeFailure): Context {
    const held = this.options.table.planVersion;
    const named = failure.planVersion;
    const mismatch = named !== undefined && named !== held;
    return {
      failedNode: failure.failedNode,
      planVersion: held,
      trigger: failure.eventId,
      ...(mismatch
        ? {
            eventPlanVersion: named,
            note: `acted on the failover table of plan ${held}, the one this node holds; the failure event names plan ${named}`,
          }
        : {}),
    };
  }

  /** Synchronous up to the activation: the replica serves before this function first awaits. */
  private async warm(action: FailoverAction, context: Context): Promise<void> {
    const { sessions, events, clock } = this.options;
    const startedAtMs = clock.nowMs();
    const replica = sessions.find(action.app, action.model);
    if (replica === undefined) {
      await this.cold(
        { ...action, mode: 'cold' },
        { ...context, fallback: 'the warm replica was not loaded; loaded it cold' },
      );
      return;
    }
    sessions.activate(replica, context.failedNode);
    const data = { ...context, ...describe(action, replica.model), step: 'warm' as const };
    const started = events.publish('failover.started', data, startedAtMs);
    let answeredAtMs: number;
    try {
      answeredAtMs = await answerProbe(replica, clock);
    } catch (error) {
      sessions.setRole(replica, replica.role, false);
      await started;
      await this.failed(action, replica.model, context, 'warm', error);
      return;
    }
    await started;
    await events.publish('failover.served', data, answeredAtMs);
  }

  private async cold(action: FailoverAction, context: Context): Promise<void> {
    const { events, clock } = this.options;
    const first = action.firstStep ?? action.model;
    const progressive = !sameModel(first, action.model);
    const step: FailoverStep = progressive ? 'first-step' : 'planned';
    // Not awaited before loading: the append is already queued on the connection ahead of
    // anything published later, so the stream keeps the order without delaying the load.
    const started = events.publish(
      'failover.started',
      { ...context, ...describe(action, first), step },
      clock.nowMs(),
    );
    let replica: Replica | undefined;
    let answeredAtMs: number;
    try {
      replica = await this.loadFor(action.app, first, context, { serving: true, prime: false });
      answeredAtMs = await answerProbe(replica, clock);
    } catch (error) {
      if (replica !== undefined) await this.options.sessions.unload(replica);
      await started;
      await this.failed(action, first, context, step, error);
      return;
    }
    await started;
    const served = { ...context, ...describe(action, first), step, loadMs: round(replica.loadMs) };
    await events.publish('failover.served', served, answeredAtMs);
    if (progressive) await this.upgrade(action, replica, context);
  }

  /** Loads the planned variant beside the first step, swaps, and releases the first step. */
  private async upgrade(action: FailoverAction, first: Replica, context: Context): Promise<void> {
    const { sessions, events, clock } = this.options;
    let planned: Replica | undefined;
    try {
      planned = await this.loadFor(action.app, action.model, context, {
        serving: false,
        prime: false,
      });
      await answerProbe(planned, clock);
      const swappedAtMs = sessions.activate(planned, context.failedNode);
      await sessions.unload(first);
      const data = {
        ...context,
        ...describe(action, action.model),
        step: 'upgrade' as const,
        from: first.model.variant,
        loadMs: round(planned.loadMs),
      };
      await events.publish('failover.upgraded', data, swappedAtMs);
    } catch (error) {
      // The first step goes on serving; a planned variant that cannot answer never takes over.
      if (planned !== undefined && !planned.serving) await sessions.unload(planned);
      await this.failed(action, action.model, context, 'upgrade', error);
    }
  }

  private async loadFor(
    app: string,
    model: ModelRef,
    context: Context,
    options: { serving: boolean; prime: boolean },
  ): Promise<Replica> {
    const { stager, sessions } = this.options;
    const path = stager.stagedPath(model) ?? (await stager.stage(model));
    return sessions.load({
      app,
      role: 'understudy',
      model,
      path,
      priority: 'failover',
      activatedFor: context.failedNode,
      ...options,
    });
  }

  private async failed(
    action: FailoverAction,
    model: ModelRef,
    context: Context,
    step: FailoverStep,
    error: unknown,
  ): Promise<void> {
    const code = isDomainError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.error({ app: action.app, step, err: error }, 'failover step failed');
    const serving = this.options.sessions.active(action.app)?.model.variant;
    await this.options.events.publish('failover.failed', {
      ...context,
      ...describe(action, model),
      step,
      code,
      message,
      serving,
    });
  }
}

function describe(
  action: FailoverAction,
  model: ModelRef,
): Pick<EventData<'failover.started'>, 'app' | 'mode' | 'family' | 'variant' | 'plannedVariant'> {
  return {
    app: action.app,
    mode: action.mode,
    family: model.family,
    variant: model.variant,
    plannedVariant: action.model.variant,
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
