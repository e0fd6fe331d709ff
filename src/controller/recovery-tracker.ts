/**
 * What happens after a node is declared failed, run by the leading planner: follow each
 * application of the failed node until its understudy serves (recording one `app.recovered`
 * event with the recovery time measured from the fault), remember where it stands in, then
 * re-plan without the node (re-protection); when the node is re-admitted, forget the
 * stand-ins and re-plan with it (fail-back).
 *
 * A variant a node could not load (`model.failed`), or that could not be loaded or answer as
 * an understudy (`failover.failed`), is recorded with the registration it failed under and
 * planned around at once (a `load-failure` re-plan), so no plan protects an app with it.
 *
 * Everything is driven by the event stream, so a planner that becomes leader mid-failover
 * replays the recent events and finishes the job; every step that must happen once is
 * guarded in Redis (an event appended with its marker in one step, a re-plan marked done),
 * so nothing is done twice.
 */
import type { Logger } from 'pino';
import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { FILE_FAULTS } from '../../core/errors.ts';
import type { ClusterEvent, EventData, EventOf } from '../../core/events.ts';
import { ONCE_TTL_MS } from '../store/recovery-store.ts';
import type { FamilyDoc, Store } from '../store/index.ts';
import type { SolveCause, SolveCoordinator } from '../plans/solve-coordinator.ts';

/** Options for {@link RecoveryTracker}; durations in ms. */
export interface RecoveryTrackerOptions {
  store: Pick<Store, 'events' | 'plans' | 'recovery' | 'state'>;
  solves: Pick<SolveCoordinator, 'solve'>;
  logger: Logger;
  /** Where the recovery-time histogram is registered. */
  registry?: Registry;
  /** How often new events are read. Default 50. */
  pollIntervalMs?: number;
  /** How far back a new leader replays events to finish what its predecessor began. Default 10 min. */
  replayMs?: number;
  /** Longest wait for understudies to settle before re-protecting anyway. Default 10 000. */
  settleTimeoutMs?: number;
  nowMs?: () => number;
}

/** One application of a failed node, followed until its understudy settles. */
interface Affected {
  recorded: boolean;
  settled: boolean;
}

/** A node failure being recovered from. */
interface OpenFailure {
  /** The `node.failed` event's cursor: the trigger agents quote. */
  id: string;
  failedNode: string;
  faultAtMs: number;
  detectedAtMs: number;
  apps: Map<string, Affected>;
  replanning: boolean;
}

export class RecoveryTracker {
  private readonly options: Required<
    Pick<RecoveryTrackerOptions, 'pollIntervalMs' | 'replayMs' | 'settleTimeoutMs' | 'nowMs'>
  > &
    RecoveryTrackerOptions;
  private readonly open = new Map<string, OpenFailure>();
  private readonly recoverySeconds: Histogram;
  private cursor = '0-0';
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private running = false;
  /** Re-plans run one after another, in the order their causes happened. */
  private replans: Promise<void> = Promise.resolve();

  constructor(options: RecoveryTrackerOptions) {
    this.options = {
      pollIntervalMs: 50,
      replayMs: 10 * 60 * 1000,
      settleTimeoutMs: 10_000,
      nowMs: Date.now,
      ...options,
    };
    this.recoverySeconds = new Histogram({
      name: 'understudy_app_recovery_seconds',
      help: 'Fault to understudy serving, per application of a failed node (app.recovered).',
      labelNames: ['mode'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: options.registry ? [options.registry] : [],
    });
  }

  /** Starts following from `replayMs` ago, so a new leader finishes recoveries under way. */
  start(): void {
    this.running = true;
    this.open.clear();
    this.cursor = `${Math.max(0, this.options.nowMs() - this.options.replayMs)}-0`;
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
  }

  /** Stops acting; a re-plan already solving finishes (its publication is guarded). */
  stop(): void {
    this.running = false;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves when the re-plans started so far have ended (for shutdown and tests). */
  async idle(): Promise<void> {
    await this.replans;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (;;) {
        const page = await this.options.store.events.read({ since: this.cursor, limit: 500 });
        for (const event of page.items) {
          if (!this.running) return;
          await this.apply(event);
          this.cursor = event.id;
        }
        if (page.items.length < 500) break;
      }
      this.settleOverdue();
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'recovery tracker: poll failed');
    } finally {
      this.polling = false;
    }
  }

  private async apply(event: ClusterEvent): Promise<void> {
    switch (event.type) {
      case 'node.failed':
        return this.opened(event);
      case 'model.failed':
        return this.loadFailed(event);
      case 'failover.failed':
        await this.recordLoadFailure(event);
        return this.progressed(event);
      case 'failover.served':
      case 'failover.upgraded':
        return this.progressed(event);
      case 'node.recovered':
        if (event.data.from === 'down') this.readmitted(event.data.node, event);
        return;
      case 'plan.published':
        if (event.data.reason === 'failover' && event.data.trigger !== undefined)
          this.open.delete(event.data.trigger);
        return;
      default:
        return;
    }
  }

  /** A node could not load a variant of the plan it holds: plan around it at once, once. */
  private async loadFailed(event: EventOf<'model.failed'>): Promise<void> {
    if (!(await this.recordLoadFailure(event))) return;
    this.replan({ reason: 'load-failure', node: event.data.node, trigger: event.id });
  }

  /**
   * Records a file fault (FILE_FAULTS: the same file fails on every node, so it is planned
   * around on every node) with the variant's registration; false when it is none, names no
   * registered variant or was known already (a primary that keeps failing must not re-plan
   * for ever).
   */
  private async recordLoadFailure(
    event: EventOf<'model.failed' | 'failover.failed'>,
  ): Promise<boolean> {
    const { node, family, variant, code, message } = event.data;
    if (family === undefined || variant === undefined || !FILE_FAULTS.has(code)) return false;
    const registered = (
      await this.options.store.state.get<FamilyDoc>('family', family)
    )?.doc.variants.find((candidate) => candidate.id === variant);
    if (registered === undefined) return false;
    const isNew = await this.options.store.recovery.recordLoadFailure({
      node,
      family,
      variant,
      code,
      message,
      atMs: event.atMs ?? this.options.nowMs(),
      location: registered.location,
      ...(registered.sha256 === undefined ? {} : { sha256: registered.sha256 }),
    });
    if (isNew)
      this.options.logger.warn(
        { node, family, variant, code },
        'variant failed to load: planned around',
      );
    return isNew;
  }

  private async opened(event: EventOf<'node.failed'>): Promise<void> {
    const { node, planVersion } = event.data;
    // Replayed by a new leader after its re-plan was published: nothing is left to finish.
    if (await this.options.store.recovery.replanDone(event.id)) return;
    const plan =
      planVersion !== undefined
        ? await this.options.store.plans.get(planVersion)
        : await this.options.store.plans.current();
    const apps = new Map<string, Affected>();
    for (const assignment of plan?.assignments ?? []) {
      if (assignment.primary.node !== node || !assignment.understudy) continue;
      apps.set(assignment.app, { recorded: false, settled: false });
    }
    const failure: OpenFailure = {
      id: event.id,
      failedNode: node,
      faultAtMs: faultTimeOf(event),
      detectedAtMs: event.data.detectedAtMs,
      apps,
      replanning: false,
    };
    this.open.set(event.id, failure);
    this.replanIfSettled(failure);
  }

  private async progressed(
    event: EventOf<'failover.served' | 'failover.upgraded' | 'failover.failed'>,
  ): Promise<void> {
    const { app, node, variant, plannedVariant, step, trigger, failedNode, mode } = event.data;
    const failure = this.failureFor(trigger, failedNode);
    const affected = failure?.apps.get(app);
    if (failure === undefined || affected === undefined || affected.settled) return;
    if (event.type === 'failover.served' && !affected.recorded) {
      await this.recordRecovery(failure, event, { app, node, variant, mode, step });
      affected.recorded = true;
    }
    // A progressive first step serves; the app settles once the planned variant swapped in.
    if (event.type === 'failover.served' && step === 'first-step') return;
    affected.settled = true;
    const standsInAs = event.type === 'failover.failed' ? event.data.serving : plannedVariant;
    if (standsInAs !== undefined) {
      await this.options.store.recovery.setStandIn(app, {
        node,
        variant: standsInAs,
        failedNode: failure.failedNode,
        sinceMs: event.atMs ?? this.options.nowMs(),
      });
    }
    this.replanIfSettled(failure);
  }

  private async recordRecovery(
    failure: OpenFailure,
    event: ClusterEvent,
    served: Pick<EventData<'app.recovered'>, 'app' | 'node' | 'variant' | 'mode' | 'step'>,
  ): Promise<void> {
    const servedAtMs = event.atMs ?? this.options.nowMs();
    const data = {
      ...served,
      failedNode: failure.failedNode,
      trigger: failure.id,
      faultAtMs: failure.faultAtMs,
      detectedAtMs: failure.detectedAtMs,
      servedAtMs,
      detectionMs: round(failure.detectedAtMs - failure.faultAtMs),
      recoveryMs: round(servedAtMs - failure.faultAtMs),
    };
    const id = await this.options.store.events.appendOnce(
      `recovered:${failure.id}:${String(served.app)}`,
      ONCE_TTL_MS,
      'app.recovered',
      data,
      servedAtMs,
    );
    if (id === undefined) return;
    this.recoverySeconds.observe({ mode: served.mode }, data.recoveryMs / 1000);
    this.options.logger.info(data, 'app.recovered');
  }

  /** The failure a progress event belongs to: by the trigger agents quote, else the node. */
  private failureFor(trigger: string, failedNode: string): OpenFailure | undefined {
    if (this.open.has(trigger)) return this.open.get(trigger);
    for (const failure of this.open.values()) if (failure.failedNode === failedNode) return failure;
    return undefined;
  }

  private settleOverdue(): void {
    const nowMs = this.options.nowMs();
    for (const failure of this.open.values()) {
      if (failure.replanning || nowMs - failure.detectedAtMs < this.options.settleTimeoutMs)
        continue;
      const waiting = [...failure.apps].filter(([, affected]) => !affected.settled);
      this.options.logger.warn(
        { node: failure.failedNode, apps: waiting.map(([app]) => app) },
        're-protecting before every understudy settled',
      );
      for (const [, affected] of waiting) affected.settled = true;
      this.replanIfSettled(failure);
    }
  }

  private replanIfSettled(failure: OpenFailure): void {
    if (failure.replanning) return;
    if ([...failure.apps.values()].some((affected) => !affected.settled)) return;
    failure.replanning = true;
    this.replan({ reason: 'failover', node: failure.failedNode, trigger: failure.id });
  }

  private readmitted(node: string, event: ClusterEvent): void {
    for (const [id, failure] of this.open) if (failure.failedNode === node) this.open.delete(id);
    this.replan({ reason: 'fail-back', node, trigger: event.id }, async () => {
      const apps = await this.options.store.recovery.clearStandIns(node);
      this.options.logger.info({ node, apps }, 'node re-admitted: stand-ins released');
    });
  }

  /** Queues one re-plan; skipped when the one for the same trigger was already published. */
  private replan(cause: Required<SolveCause>, before?: () => Promise<void>): void {
    const { store, solves, logger } = this.options;
    this.replans = this.replans.then(async () => {
      if (!this.running) return;
      try {
        if (await store.recovery.replanDone(cause.trigger)) return;
        await before?.();
        const solve = await solves.solve({}, cause);
        await store.recovery.markReplanDone(cause.trigger, solve.planVersion ?? 0);
        if (solve.status === 'published')
          logger.info(
            { ...cause, planVersion: solve.planVersion },
            `${cause.reason} plan published`,
          );
        else logger.error({ ...cause, solve }, `${cause.reason} plan not published`);
      } catch (error) {
        logger.error({ err: error, ...cause }, `${cause.reason} re-plan failed`);
      }
    });
  }
}

/**
 * When the fault happened, as well as the controller can tell: the instant the agent's
 * connection dropped (a crash), else its last heartbeat (a stop or a cut: the fault came
 * after it, so recovery measured from there is an upper bound).
 */
function faultTimeOf(event: EventOf<'node.failed'>): number {
  const { droppedAtMs, lastHeartbeatMs, detectedAtMs } = event.data;
  return droppedAtMs ?? lastHeartbeatMs ?? detectedAtMs;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
