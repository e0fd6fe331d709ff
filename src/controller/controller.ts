import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { EventData } from '../../core/events.ts';
import type { StatusEvent, StatusEventType } from '../../core/node-liveness.ts';
import type { Liveness, NodeDoc, Store } from '../store/index.ts';
import { CrashWatch } from './crash-watch.ts';
import type { CrashEvidence } from './crash-watch.ts';
import { judgeHeartbeat } from './heartbeat-judge.ts';
import type { HeartbeatThresholds } from './heartbeat-judge.ts';
import { SilenceJudge } from './silence-judge.ts';
import type { JudgedNode, SilenceJudgeOptions } from './silence-judge.ts';

/** Where direct heartbeats come from (the planner's HeartbeatReceiver). */
export interface DirectBeatSource {
  onBeat(listener: (beat: { node: string }, arrivedAtMs: number) => void): () => void;
}

/** Options for {@link Controller}; durations in ms. */
export interface ControllerOptions {
  store: Store;
  logger: Logger;
  /** How often heartbeats are judged. Default 50. */
  checkIntervalMs?: number;
  /** How often the node list (and so the crash watches) is refreshed. Default 250. */
  refreshIntervalMs?: number;
  /** How long a failed node must beat steadily before it is re-admitted. Default 5000. */
  holdDownMs?: number;
  /** Thresholds of the heartbeats in Redis. Default 250 ms timeout, dead after 4 timeouts. */
  heartbeat?: HeartbeatThresholds;
  /** Direct heartbeats; without them only the heartbeats in Redis are judged. */
  beats?: DirectBeatSource;
  /** `host:port` published for agents to send direct heartbeats to, while leading. */
  heartbeatTarget?: string;
  /** How often direct heartbeats are judged. Default 10. */
  silenceCheckIntervalMs?: number;
  /** Thresholds and probes of the direct heartbeats' judge. */
  silence?: SilenceJudgeOptions;
  /** Where the controller's gauges are registered. */
  registry?: Registry;
  nowMs?: () => number;
}

/** A status event's fields besides the `node`, `detectedAtMs` and `epoch` every one carries. */
type DecisionFields<T extends StatusEventType> = Omit<
  EventData<T>,
  'node' | 'detectedAtMs' | 'epoch'
>;

/** A status change's event type and its own fields. */
type Decision = {
  [T in StatusEventType]: { type: T; fields: DecisionFields<T> };
}[StatusEventType];

/**
 * Failure detection, run by the leading planner only. Three signals: the crash watch (an
 * agent's process died: its connection dropped and its port refuses connections —
 * milliseconds); direct heartbeats (UDP, judged by φ accrual and corroborated by probes —
 * see silence-judge.ts — for a stopped, cut-off or powered-down node: about a hundred
 * milliseconds); and the heartbeats in Redis (late ⇒ suspect, dead ⇒ failed), which judge a
 * node whose direct heartbeats are not heard at all and stand back while they arrive or a
 * probe reached the node. Every status change is
 * a compare-and-set that appends its event atomically, so a controller that lost leadership
 * mid-decision cannot declare the same failure twice. Each decision names the node's
 * incarnation it judged, and is refused if the node has a newer one by then. A failed node
 * that beats again stays down (fenced) until its agent has acknowledged the fence and it has
 * beaten steadily for the hold-down period, so a flapping node causes no churn and a node is
 * never routed to while it may still hold what it was failed for.
 */
export class Controller {
  private readonly options: ControllerOptions &
    Required<
      Pick<
        ControllerOptions,
        | 'checkIntervalMs'
        | 'refreshIntervalMs'
        | 'holdDownMs'
        | 'heartbeat'
        | 'nowMs'
        | 'silenceCheckIntervalMs'
      >
    >;
  private readonly crashWatch: CrashWatch;
  private readonly silence: SilenceJudge;
  private unsubscribeBeats: (() => void) | undefined;
  private nodes: NodeDoc[] = [];
  /** The newest liveness read from Redis, by node. */
  private liveness = new Map<string, Liveness>();
  private readonly steadySinceMs = new Map<string, number>();
  /** Failed nodes beating steadily whose agent has not acknowledged its fence (logged once). */
  private readonly awaitingFence = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private checking = false;
  private running = false;

  constructor(options: ControllerOptions) {
    this.options = {
      checkIntervalMs: 50,
      refreshIntervalMs: 250,
      holdDownMs: 5000,
      heartbeat: { defaultTimeoutMs: 250, deadAfterTimeouts: 4 },
      silenceCheckIntervalMs: 10,
      nowMs: Date.now,
      ...options,
    };
    this.silence = new SilenceJudge(options.silence);
    const watched = new Gauge({
      name: 'understudy_agent_watch_open',
      help: "1 while the controller holds an open watch stream to the node's agent.",
      labelNames: ['node'],
      registers: options.registry ? [options.registry] : [],
    });
    this.crashWatch = new CrashWatch({
      logger: options.logger,
      nowMs: this.options.nowMs,
      onCrash: (evidence) => void this.crashed(evidence),
      onWatching: (node) => watched.set({ node }, 1),
      onLost: (node) => watched.set({ node }, 0),
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribeBeats = this.options.beats?.onBeat((beat, arrivedAtMs) =>
      this.silence.heartbeat(beat.node, arrivedAtMs),
    );
    await this.publishHeartbeatTarget();
    await this.refresh();
    this.timers = [
      setInterval(() => void this.refresh(), this.options.refreshIntervalMs),
      setInterval(() => void this.check(), this.options.checkIntervalMs),
      setInterval(() => void this.checkSilence(), this.options.silenceCheckIntervalMs),
    ];
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.unsubscribeBeats?.();
    this.unsubscribeBeats = undefined;
    this.crashWatch.close();
    this.silence.close();
  }

  /** Tells agents where to send direct heartbeats: here, while this replica leads. */
  private async publishHeartbeatTarget(): Promise<void> {
    const target = this.options.heartbeatTarget;
    if (target === undefined) return;
    await this.options.store.liveness
      .setHeartbeatTarget(target)
      .catch((error: Error) =>
        this.options.logger.warn({ err: error.message }, 'could not publish the heartbeat target'),
      );
  }

  private async refresh(): Promise<void> {
    try {
      const nodes = await this.options.store.state.list<NodeDoc>('node');
      this.nodes = nodes.map((node) => node.doc);
    } catch (error) {
      this.options.logger.warn(
        { err: (error as Error).message },
        'controller could not list nodes',
      );
      return;
    }
    const known = new Set(this.nodes.map((node) => node.id));
    for (const node of this.nodes) if (node.address) this.crashWatch.watch(node.id, node.address);
    for (const id of this.steadySinceMs.keys()) if (!known.has(id)) this.steadySinceMs.delete(id);
    for (const id of this.liveness.keys()) if (!known.has(id)) this.silence.forget(id);
    for (const id of this.awaitingFence) if (!known.has(id)) this.awaitingFence.delete(id);
  }

  private async check(): Promise<void> {
    if (this.checking || this.nodes.length === 0) return;
    this.checking = true;
    try {
      const liveness = await this.options.store.liveness.getMany(this.nodes.map((node) => node.id));
      this.liveness = liveness;
      const nowMs = this.options.nowMs();
      for (const node of this.nodes) await this.judge(node.id, liveness.get(node.id), nowMs);
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'controller check failed');
    } finally {
      this.checking = false;
    }
  }

  /**
   * Judges the direct heartbeats of every node that is up or suspected (in memory; the
   * statuses are the newest read from Redis, and every change is a compare-and-set).
   */
  private async checkSilence(): Promise<void> {
    if (this.nodes.length === 0) return;
    const nowMs = this.options.nowMs();
    const judged: JudgedNode[] = this.nodes.map((node) => ({
      id: node.id,
      address: node.address,
      status: this.liveness.get(node.id)?.status ?? 'up',
    }));
    for (const node of judged) {
      if (node.status !== 'up' && node.status !== 'suspect') continue;
      const verdict = this.silence.judge(node, judged, nowMs);
      const epoch = this.liveness.get(node.id)?.epoch;
      if (verdict.kind === 'failed') {
        this.setCachedStatus(node.id, 'down');
        this.silence.forget(node.id);
        await this.fail(
          node.id,
          {
            cause: verdict.cause,
            lastHeartbeatMs: nowMs - verdict.evidence.silentMs,
            evidence: verdict.evidence,
          },
          epoch,
        );
      } else if (verdict.kind === 'suspected' && node.status === 'up') {
        this.setCachedStatus(node.id, 'suspect');
        await this.change(
          node.id,
          ['up'],
          'suspect',
          { type: 'node.suspected', fields: { evidence: verdict.evidence } },
          epoch,
        );
      } else if (verdict.kind === 'beating' && node.status === 'suspect') {
        this.setCachedStatus(node.id, 'up');
        await this.change(
          node.id,
          ['suspect'],
          'up',
          { type: 'node.recovered', fields: { from: 'suspect' } },
          epoch,
        );
      }
    }
  }

  /** Notes a status this controller just changed, until the next read from Redis. */
  private setCachedStatus(node: string, status: 'up' | 'suspect' | 'down'): void {
    this.liveness.set(node, { ...this.liveness.get(node), status });
  }

  private async judge(node: string, liveness: Liveness | undefined, nowMs: number): Promise<void> {
    const status = liveness?.status ?? 'up';
    // While a node's direct heartbeats are heard they judge it; see SilenceJudge.redisRole.
    const role = status === 'down' ? 'all' : this.silence.redisRole(node, nowMs);
    if (role === 'none') return;
    const verdict = judgeHeartbeat(liveness, nowMs, this.options.heartbeat);
    if (role === 'fail' && verdict !== 'dead') return;
    const judgedEpoch = liveness?.epoch;
    if (verdict !== 'fresh') this.steadySinceMs.delete(node);
    if (verdict === 'dead' && status !== 'down') {
      await this.fail(
        node,
        { cause: 'heartbeat-timeout', lastHeartbeatMs: liveness?.lastHeartbeatMs },
        judgedEpoch,
      );
    } else if (verdict === 'late' && status === 'up') {
      await this.change(
        node,
        ['up'],
        'suspect',
        { type: 'node.suspected', fields: { lastHeartbeatMs: liveness?.lastHeartbeatMs } },
        judgedEpoch,
      );
    } else if (verdict === 'fresh' && status === 'suspect') {
      await this.change(
        node,
        ['suspect'],
        'up',
        { type: 'node.recovered', fields: { from: 'suspect' } },
        judgedEpoch,
      );
    } else if (verdict === 'fresh' && status === 'down') {
      await this.holdDown(node, liveness, nowMs);
    }
  }

  /**
   * A failed node beats again: re-admit it only once its agent acknowledged the fence of the
   * epoch it was failed in and it has beaten steadily for the hold-down. The steady time keeps
   * counting while the acknowledgement is awaited.
   */
  private async holdDown(node: string, liveness: Liveness | undefined, nowMs: number) {
    const since = this.steadySinceMs.get(node);
    if (since === undefined) {
      this.steadySinceMs.set(node, nowMs);
      return;
    }
    if (nowMs - since < this.options.holdDownMs) return;
    if (liveness?.fencedEpoch !== liveness?.epoch) {
      if (!this.awaitingFence.has(node)) {
        this.awaitingFence.add(node);
        this.options.logger.info(
          { node, epoch: liveness?.epoch, steadyForMs: nowMs - since },
          'waitingForFence: the node beats again but has not acknowledged its fence',
        );
      }
      return;
    }
    this.awaitingFence.delete(node);
    this.steadySinceMs.delete(node);
    await this.change(
      node,
      ['down'],
      'up',
      { type: 'node.recovered', fields: { from: 'down', steadyForMs: nowMs - since } },
      liveness?.epoch,
    );
  }

  private async crashed(evidence: CrashEvidence): Promise<void> {
    await this.fail(evidence.node, {
      cause: 'process-exited',
      droppedAtMs: evidence.droppedAtMs,
      confirmedAtMs: evidence.confirmedAtMs,
    });
  }

  private async fail(
    node: string,
    fields: Omit<DecisionFields<'node.failed'>, 'planVersion'>,
    judgedEpoch?: number,
  ): Promise<void> {
    const planVersion = (await this.options.store.plans.current().catch(() => undefined))?.version;
    await this.change(
      node,
      ['up', 'suspect', 'draining'],
      'down',
      {
        type: 'node.failed',
        fields: { ...fields, ...(planVersion === undefined ? {} : { planVersion }) },
      },
      judgedEpoch,
    );
  }

  private async change(
    node: string,
    from: Array<'up' | 'suspect' | 'down' | 'draining'>,
    to: 'up' | 'suspect' | 'down',
    decision: Decision,
    judgedEpoch: number | undefined,
  ): Promise<boolean> {
    // A controller that stopped leading decides nothing more, even for a probe already under way.
    if (!this.running) return false;
    const atMs = this.options.nowMs();
    const { type, fields } = decision;
    try {
      const outcome = await this.options.store.liveness.transition(node, {
        from,
        to,
        atMs,
        event: { type, data: { node, detectedAtMs: atMs, ...fields } } as StatusEvent,
        ...(judgedEpoch === undefined ? {} : { judgedEpoch }),
      });
      if (outcome.changed)
        this.options.logger.info({ node, status: to, epoch: outcome.epoch, ...fields }, type);
      return outcome.changed;
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message, node }, 'status change failed');
      return false;
    }
  }
}
