/**
 * One round of the MTTR benchmark: a fresh key prefix, the real planner (`understudy serve`)
 * and three real agents as child processes, the desired state registered through the REST
 * API, a hand-made plan (primaries on edge-a, understudies on edge-b/edge-c in the
 * configuration's modes), one client loop per app through the planner's router, a SIGKILL of
 * edge-a, and what the clients saw — through the failover and the re-protection that follows
 * it, until both survivors applied the leader's failover plan. Everything started here is
 * stopped and the prefix's keys are deleted before the round returns.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ClientLoop } from '../../kit/client-loop.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { floatInput } from '../../kit/http.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { waitRouted, waitWatched } from '../../kit/plan-waits.ts';
import { deletePrefixKeys, uniquePrefix } from '../../kit/prefix-keys.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { pause, waitUntil } from '../../kit/wait-until.ts';
import type { components } from '../../openapi/types.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import { createStore } from '../../src/store/index.ts';
import { appResult } from './app-result.ts';
import type { AppResult } from './app-result.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { firstRecovered } from './client-answers.ts';
import { registerDesiredState } from './desired-state.ts';
import { KILLED, modeOf, planFor, slicesFor, SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec, Configuration } from './hand-made-plan.ts';
import { describeReprotection, readHoldings, waitForReprotection } from './reprotection.ts';
import type { Holdings, Reprotection } from './reprotection.ts';
import type { EventOf } from '../../core/events.ts';
import { planPublishedData } from '../../kit/event-payloads.ts';

type Schemas = components['schemas'];
type Event = Schemas['Event'];

export interface RoundResult {
  configuration: Configuration;
  round: number;
  prefix: string;
  detectionMs: number | null;
  detectionCause: string | null;
  apps: AppResult[];
  reprotection: Reprotection | null;
  /** The survivors' holdings once the clients stopped (or why they could not be read). */
  survivors: Array<Holdings | { node: string; error: string }>;
  error?: string;
  /** Errors of earlier attempts of this round (a round that failed is run once more). */
  earlierErrors?: string[];
}

const READY_TIMEOUT_MS = 30_000;
const RECOVERY_TIMEOUT_MS = 10_000;
/** The leader waits up to 10 s for understudies to settle, then solves (default limit 10 s). */
const REPROTECTION_TIMEOUT_MS = 30_000;
/** How long the clients keep going once both survivors applied the failover plan. */
export const TAIL_MS = 500;

/** The inference body every client sends: an image for the image families of the zoo. */
const IMAGE = JSON.stringify(floatInput('image', [1, 3, 32, 32]));

export async function runRound(options: {
  configuration: Configuration;
  round: number;
  apps: readonly AppSpec[];
  zoo: BenchZoo;
  redisUrl: string;
  tempDir: (label: string) => Promise<string>;
}): Promise<RoundResult> {
  const { configuration, round, apps, zoo, redisUrl } = options;
  const prefix = uniquePrefix(`bench-mttr-${process.pid}`);
  const agents: AgentProcess[] = [];
  const dirs: string[] = [];
  let planner: UnderstudyProcess | undefined;
  let queue: PlanQueue | undefined;
  let clients: ClientLoop | undefined;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const store = createStore({ redis, prefix });
  const follower = await EventFollower.start({
    source: new RedisEventSource({ redisUrl, prefix }),
  });
  const base = { configuration, round, prefix };
  try {
    planner = await UnderstudyProcess.serve({
      redisUrl,
      prefix,
      args: ['--log-level', 'info'],
    });
    const url = planner.url;
    // Every start is awaited and every agent kept, so one failing to start leaves none behind.
    const starts = await Promise.allSettled(
      [KILLED, ...SURVIVORS].map(async (nodeId) => {
        const modelDir = await options.tempDir(`${configuration}-${round}-${nodeId}`);
        dirs.push(modelDir);
        const agent = await UnderstudyProcess.agent({
          nodeId,
          prefix,
          redisUrl,
          modelDir,
          memoryMiB: zoo.nodeMemoryMiB,
        });
        agents.push(agent);
        return agent;
      }),
    );
    const started = starts.map((start) => {
      if (start.status === 'rejected') throw start.reason;
      return start.value;
    });
    await waitUntil(
      'the three nodes registered',
      async () =>
        (await Promise.all(agents.map((a) => fetch(`${url}/v1/nodes/${a.nodeId}`)))).every(
          (r) => r.status === 200,
        ) || undefined,
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 },
    );
    await registerDesiredState({ url, apps, zoo });
    queue = new PlanQueue({ redisUrl, prefix });
    await publishHandMadePlan({ configuration, apps, zoo, queue, store, url });

    clients = ClientLoop.start({
      baseUrl: url,
      apps: apps.map((a) => ({ app: a.app, body: IMAGE })),
      untilMs: Date.now() + READY_TIMEOUT_MS + RECOVERY_TIMEOUT_MS + REPROTECTION_TIMEOUT_MS,
    });
    const answersOf = (app: string) => clients?.answersOf(app) ?? [];
    await waitUntil(
      'every app answered 3 times from edge-a',
      () =>
        apps.every(
          ({ app }) =>
            answersOf(app).filter((a) => a.status === 200 && a.node === KILLED).length >= 3,
        ) || undefined,
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 },
    );
    await waitWatched(url, [KILLED], { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 });

    const killedAtMs = nowMs();
    (started[0] as AgentProcess).signal('SIGKILL');
    await waitUntil(
      'every app answered by another node',
      () =>
        apps.every(({ app }) => firstRecovered(answersOf(app), killedAtMs, KILLED) !== undefined) ||
        undefined,
      { timeoutMs: RECOVERY_TIMEOUT_MS, intervalMs: 10 },
    ).catch(() => undefined); // a partial recovery is a result, not an error
    // Keep the clients on through the re-protection: the survivors load new understudies and
    // turn the stand-ins into primaries, and that must not fail requests either.
    await waitForReprotection(follower, REPROTECTION_TIMEOUT_MS);
    await pause(TAIL_MS);
    await clients.stop();

    const events = await follower.caughtUp();
    const reprotection = describeReprotection({
      events,
      killedAtMs,
      plan: await failoverPlan(url, events),
    });
    const replannedAtMs =
      reprotection.reprotectionMs === null ? Infinity : killedAtMs + reprotection.reprotectionMs;
    const failed = events.find(
      (e): e is EventOf<'node.failed'> => e.type === 'node.failed' && e.data.node === KILLED,
    );
    return {
      ...base,
      detectionMs: failed === undefined ? null : round2(failed.data.detectedAtMs - killedAtMs),
      detectionCause: failed?.data.cause ?? null,
      apps: apps.map((spec) =>
        appResult({
          spec,
          mode: modeOf(configuration, spec),
          answers: answersOf(spec.app),
          events,
          killedAtMs,
          replannedAtMs,
          zoo,
        }),
      ),
      reprotection,
      survivors: await Promise.all(
        started.slice(1).map((agent) =>
          readHoldings(agent).catch((error: unknown) => ({
            node: agent.nodeId,
            error: (error as Error).message,
          })),
        ),
      ),
    };
  } catch (error) {
    await clients?.stop().catch(() => undefined);
    return {
      ...base,
      detectionMs: null,
      detectionCause: null,
      apps: [],
      reprotection: null,
      survivors: [],
      error: (error as Error).message,
    };
  } finally {
    await clients?.stop().catch(() => undefined);
    await Promise.all(agents.map((agent) => agent.kill().catch(() => undefined)));
    await planner?.stop().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    await follower.stop();
    redis.disconnect();
    await deletePrefixKeys({ redisUrl, prefix });
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * Applies the hand-made slices, publishes the plan as version 1, and waits until the router
 * serves every app from its primary.
 */
async function publishHandMadePlan(options: {
  configuration: Configuration;
  apps: readonly AppSpec[];
  zoo: BenchZoo;
  queue: PlanQueue;
  store: ReturnType<typeof createStore>;
  url: string;
}): Promise<void> {
  const { configuration, apps, zoo, queue, store, url } = options;
  await Promise.all(slicesFor(configuration, apps, zoo, 1).map((part) => queue.mustApply(part)));
  const plan = await store.plans.publish(planFor(configuration, apps, zoo));
  if (plan.version !== 1) throw new Error(`expected plan version 1, got ${plan.version}`);
  await store.events.append('plan.published', planPublishedData({ version: plan.version }));
  await waitRouted(new ApiClient({ baseUrl: url }), plan, {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 10,
  });
}

async function failoverPlan(
  url: string,
  events: readonly Event[],
): Promise<Schemas['Plan'] | undefined> {
  const published = events.find(
    (e): e is EventOf<'plan.published'> =>
      e.type === 'plan.published' && e.data.reason === 'failover' && e.data.node === KILLED,
  );
  if (published === undefined) return undefined;
  const response = await fetch(`${url}/v1/plans/${published.data.version}`);
  return response.status === 200 ? ((await response.json()) as Schemas['Plan']) : undefined;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A fresh model directory under `root`. */
export const tempDirUnder = (root: string, label: string) => mkdtemp(join(root, `${label}-`));
