/**
 * One round of the MTTR benchmark: a fresh key prefix, the real planner (`understudy serve`)
 * and three real agents as child processes, the desired state registered through the REST
 * API, a hand-made plan (primaries on edge-a, understudies on edge-b/edge-c in the
 * configuration's modes), one client loop per app through the planner's router, a SIGKILL of
 * edge-a, and what the clients saw — through the failover and the re-protection that follows
 * it, until both survivors applied the leader's failover plan. Everything started here is
 * stopped and the prefix's keys are deleted before the round returns.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { components } from '../../openapi/types.ts';
import { createStore } from '../../src/store/index.ts';
import { startAgentProcess } from '../../test/agents/support/agent-process.ts';
import type { AgentProcess } from '../../test/agents/support/agent-process.ts';
import { PlanQueue } from '../../test/agents/support/plan-queue.ts';
import { deletePrefix, TEST_REDIS_URL } from '../../test/support/redis.ts';
import { appResult } from './app-result.ts';
import type { AppResult } from './app-result.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { firstRecovered, nowMs, startClients } from './clients.ts';
import type { ClientLog, Clients } from './clients.ts';
import { registerDesiredState } from './desired-state.ts';
import { EventFollower } from './event-follower.ts';
import { KILLED, modeOf, planFor, slicesFor, SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec, Configuration } from './hand-made-plan.ts';
import { startServeProcess } from '../../test/support/cli.ts';
import type { ServeProcess } from '../../test/support/cli.ts';
import { describeReprotection, readHoldings, waitForReprotection } from './reprotection.ts';
import type { Holdings, Reprotection } from './reprotection.ts';

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

export async function runRound(options: {
  configuration: Configuration;
  round: number;
  apps: readonly AppSpec[];
  zoo: BenchZoo;
  tempDir: (label: string) => Promise<string>;
}): Promise<RoundResult> {
  const { configuration, round, apps, zoo } = options;
  const prefix = `bench-mttr-${process.pid}-${randomBytes(3).toString('hex')}`;
  const agents: AgentProcess[] = [];
  const dirs: string[] = [];
  let planner: ServeProcess | undefined;
  let queue: PlanQueue | undefined;
  let clients: Clients | undefined;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const store = createStore({ redis, prefix });
  const follower = new EventFollower(store);
  const base = { configuration, round, prefix };
  try {
    planner = await startServeProcess(
      ['--prefix', prefix, '--redis', TEST_REDIS_URL, '--log-level', 'info'],
      {},
      20_000,
    );
    const url = planner.url;
    // Every start is awaited and every agent kept, so one failing to start leaves none behind.
    const starts = await Promise.allSettled(
      [KILLED, ...SURVIVORS].map(async (nodeId) => {
        const modelDir = await options.tempDir(`${configuration}-${round}-${nodeId}`);
        dirs.push(modelDir);
        const agent = await startAgentProcess({
          nodeId,
          prefix,
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
        ),
      READY_TIMEOUT_MS,
    );
    await registerDesiredState({ url, apps, zoo });
    queue = new PlanQueue(prefix);
    await publishHandMadePlan({ configuration, apps, zoo, queue, store, url });

    clients = startClients({
      url,
      apps: apps.map((a) => a.app),
      deadlineMs: Date.now() + READY_TIMEOUT_MS + RECOVERY_TIMEOUT_MS + REPROTECTION_TIMEOUT_MS,
    });
    const logs = clients.logs;
    await waitUntil(
      'every app answered 3 times from edge-a and the watch on edge-a',
      async () => {
        const answered = [...logs.values()].every(
          (log) => log.answers.filter((a) => a.status === 200 && a.node === KILLED).length >= 3,
        );
        if (!answered) return false;
        const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
        return metrics.includes(`understudy_agent_watch_open{node="${KILLED}"} 1`);
      },
      READY_TIMEOUT_MS,
    );

    const killedAtMs = nowMs();
    (started[0] as AgentProcess).child.kill('SIGKILL');
    await waitUntil(
      'every app answered by another node',
      async () =>
        [...logs.values()].every((log) => firstRecovered(log, killedAtMs, KILLED) !== undefined),
      RECOVERY_TIMEOUT_MS,
    ).catch(() => undefined); // a partial recovery is a result, not an error
    // Keep the clients on through the re-protection: the survivors load new understudies and
    // turn the stand-ins into primaries, and that must not fail requests either.
    await waitForReprotection(follower, REPROTECTION_TIMEOUT_MS);
    await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
    await clients.stop();

    const events = await follower.poll();
    const reprotection = describeReprotection({
      events,
      killedAtMs,
      plan: await failoverPlan(url, events),
    });
    const replannedAtMs =
      reprotection.reprotectionMs === null ? Infinity : killedAtMs + reprotection.reprotectionMs;
    const failed = events.find((e) => e.type === 'node.failed' && e.data.node === KILLED);
    const detectedAtMs = failed?.data.detectedAtMs;
    return {
      ...base,
      detectionMs: typeof detectedAtMs === 'number' ? round2(detectedAtMs - killedAtMs) : null,
      detectionCause: typeof failed?.data.cause === 'string' ? failed.data.cause : null,
      apps: apps.map((spec) =>
        appResult({
          spec,
          mode: modeOf(configuration, spec),
          log: logs.get(spec.app) as ClientLog,
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
    redis.disconnect();
    await deletePrefix(prefix);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Applies the hand-made slices, publishes the plan as version 1, waits for the routes. */
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
  await store.events.append('plan.published', { version: plan.version });
  await waitUntil(
    "the router's routes for every app",
    async () => {
      const routes = await Promise.all(
        apps.map(({ app }) =>
          fetch(`${url}/v1/apps/${app}/route`).then(async (r) =>
            r.status === 200 ? ((await r.json()) as { state?: string }).state : undefined,
          ),
        ),
      );
      return routes.every((state) => state === 'serving');
    },
    READY_TIMEOUT_MS,
  );
}

async function failoverPlan(
  url: string,
  events: readonly Event[],
): Promise<Schemas['Plan'] | undefined> {
  const published = events.find(
    (e) => e.type === 'plan.published' && e.data.reason === 'failover' && e.data.node === KILLED,
  );
  if (typeof published?.data.version !== 'number') return undefined;
  const response = await fetch(`${url}/v1/plans/${published.data.version}`);
  return response.status === 200 ? ((await response.json()) as Schemas['Plan']) : undefined;
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A fresh model directory under `root`. */
export const tempDirUnder = (root: string, label: string) => mkdtemp(join(root, `${label}-`));
