/**
 * The cluster of one round: a fresh key prefix, the real planner (`understudy serve`, its
 * hold-down shortened for the benchmark) and three real agents as child processes where the
 * network puts them, the desired state registered through the REST API, and the hand-made plan
 * applied and routed. `close()` stops everything it started and deletes the prefix's keys,
 * whatever state the round left it in.
 */
import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { EventFollower } from '../../kit/event-follower.ts';
import { planPublishedData } from '../../kit/event-payloads.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { waitRouted } from '../../kit/plan-waits.ts';
import { deletePrefixKeys, uniquePrefix } from '../../kit/prefix-keys.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import { createStore } from '../../src/store/index.ts';
import type { BenchNetwork } from './bench-network.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { registerDesiredState } from './desired-state.ts';
import { FAULTED, planFor, slicesFor, SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec, Configuration } from './hand-made-plan.ts';
import type { Teardown } from './teardown.ts';

export const READY_TIMEOUT_MS = 30_000;
export const NODES = [FAULTED, ...SURVIVORS] as const;

export interface RoundClusterOptions {
  label: string;
  configuration: Configuration;
  apps: readonly AppSpec[];
  zoo: BenchZoo;
  network: BenchNetwork;
  /** The planner's `--hold-down`, in ms. */
  holdDownMs: number;
  tempDir: (label: string) => Promise<string>;
  teardown: Teardown;
}

export class RoundCluster {
  readonly prefix: string;
  private readonly agents = new Map<string, AgentProcess>();
  private readonly dirs: string[] = [];
  private readonly forget: Array<() => void> = [];
  private planner: UnderstudyProcess | undefined;
  private queue: PlanQueue | undefined;
  private events: EventFollower | undefined;
  private client: ApiClient | undefined;

  private constructor(private readonly options: RoundClusterOptions) {
    this.prefix = uniquePrefix(`bench-mttr-${process.pid}`);
    const { redisUrl, kind } = options.network;
    // A private Redis (test hosts) goes with its keys; only a shared one needs them deleted.
    if (kind === 'loopback') {
      this.forget.push(
        options.teardown.add(`keys of ${this.prefix}`, () =>
          deletePrefixKeys({ redisUrl, prefix: this.prefix }),
        ),
      );
    }
  }

  /** Starts it all; on failure, stops what started and rejects. */
  static async start(options: RoundClusterOptions): Promise<RoundCluster> {
    const cluster = new RoundCluster(options);
    try {
      await cluster.startAll();
      return cluster;
    } catch (error) {
      const exited = cluster.exitedProcesses();
      await cluster.close();
      if (exited === '') throw error;
      throw new Error(`${(error as Error).message}; ${exited}`, { cause: error });
    }
  }

  /** The planner's base URL. */
  get url(): string {
    if (this.planner === undefined) throw new Error('the planner is not running');
    return this.planner.url;
  }

  /** A REST client of the planner. */
  get api(): ApiClient {
    this.client ??= new ApiClient({ baseUrl: this.url });
    return this.client;
  }

  /** Every event of the prefix's stream, followed from its start. */
  get follower(): EventFollower {
    if (this.events === undefined) throw new Error('the event follower is not running');
    return this.events;
  }

  agent(node: string): AgentProcess {
    const agent = this.agents.get(node);
    if (agent === undefined) throw new Error(`no agent for ${node}`);
    return agent;
  }

  /** Starts the node's agent (again), in a fresh model directory; resolves once it listens. */
  async startAgent(node: string): Promise<AgentProcess> {
    const { network, zoo, teardown } = this.options;
    const modelDir = await this.options.tempDir(`${this.options.label}-${node}`);
    this.dirs.push(modelDir);
    const agent = await UnderstudyProcess.agent({
      ...network.placement(node),
      nodeId: node,
      prefix: this.prefix,
      redisUrl: network.redisUrl,
      modelDir,
      memoryMiB: zoo.nodeMemoryMiB,
      onSpawn: (handle) => this.forget.push(teardown.track(handle)),
    });
    this.agents.set(node, agent);
    return agent;
  }

  /** Which of its processes exited, each with the end of its stderr; '' when none did. */
  exitedProcesses(): string {
    const all = [...(this.planner ? [this.planner] : []), ...this.agents.values()];
    return all
      .filter((process) => !process.running)
      .map(({ handle }) => `${handle.name} exited: ${handle.tail(12, 'stderr').join(' | ')}`)
      .join('; ');
  }

  /** Stops every process, closes every connection and deletes the prefix's keys. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.agents.values()].map((agent) => agent.kill().catch(() => undefined)),
    );
    await this.planner?.stop().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    await this.events?.stop().catch(() => undefined);
    const { redisUrl } = this.options.network;
    await deletePrefixKeys({ redisUrl, prefix: this.prefix }).catch(() => undefined);
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    for (const forget of this.forget.splice(0)) forget();
  }

  private async startAll(): Promise<void> {
    const { network, teardown } = this.options;
    this.events = await EventFollower.start({
      source: new RedisEventSource({ redisUrl: network.redisUrl, prefix: this.prefix }),
    });
    this.planner = await UnderstudyProcess.serve({
      redisUrl: network.redisUrl,
      prefix: this.prefix,
      args: [
        ...['--host', network.plannerHost, '--hold-down', String(this.options.holdDownMs)],
        ...['--log-level', 'info'],
      ],
      env: {
        ...process.env,
        ...(network.apiToken === undefined ? {} : { UNDERSTUDY_API_TOKEN: network.apiToken }),
      },
      onSpawn: (handle) => this.forget.push(teardown.track(handle)),
    });
    // Every start is awaited, so one failing to start leaves none behind unkept.
    const starts = await Promise.allSettled(NODES.map((node) => this.startAgent(node)));
    for (const start of starts) if (start.status === 'rejected') throw start.reason;
    await waitUntil(
      'the three nodes registered',
      async () =>
        (await Promise.all(NODES.map((node) => fetch(`${this.url}/v1/nodes/${node}`)))).every(
          (r) => r.status === 200,
        ) || undefined,
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 },
    );
    const { apps, zoo } = this.options;
    await registerDesiredState({ url: this.url, apps, zoo, apiToken: network.apiToken });
    this.queue = new PlanQueue({ redisUrl: network.redisUrl, prefix: this.prefix });
    await this.publishHandMadePlan(this.queue);
  }

  /**
   * Applies the hand-made slices, publishes the plan as version 1, and waits until the router
   * serves every app from its primary.
   */
  private async publishHandMadePlan(queue: PlanQueue): Promise<void> {
    const { configuration, apps, zoo, network } = this.options;
    const redis = new Redis(network.redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined); // reported through the rejected command
    try {
      const store = createStore({ redis, prefix: this.prefix });
      const slices = slicesFor(configuration, apps, zoo, 1);
      await Promise.all(slices.map((part) => queue.mustApply(part)));
      const plan = await store.plans.publish(planFor(configuration, apps, zoo));
      if (plan.version !== 1) throw new Error(`expected plan version 1, got ${plan.version}`);
      await store.events.append('plan.published', planPublishedData({ version: plan.version }));
      await waitRouted(this.api, plan, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 });
    } finally {
      redis.disconnect();
    }
  }
}
