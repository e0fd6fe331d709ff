/**
 * One round of the MTTR benchmark: a fresh key prefix, the real planner (`understudy serve`)
 * and three real agents as child processes, a hand-made plan (primaries on edge-a,
 * understudies on edge-b/edge-c in the configuration's mode), one client loop per app through
 * the planner's router, a SIGKILL of edge-a, and what the clients saw. Everything started
 * here is stopped and the prefix's keys are deleted before the round returns.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import type { components } from '../../openapi/types.ts';
import { createStore } from '../../src/store/index.ts';
import { startAgentProcess } from '../../test/agents/support/agent-process.ts';
import type { AgentProcess } from '../../test/agents/support/agent-process.ts';
import { floatInput, post } from '../../test/agents/support/http.ts';
import { PlanQueue, slice } from '../../test/agents/support/plan-queue.ts';
import { CLI } from '../../test/support/cli.ts';
import { deletePrefix, TEST_REDIS_URL } from '../../test/support/redis.ts';

type Schemas = components['schemas'];
type ModelRef = Schemas['ModelRef'];
type NodePlanSlice = Schemas['NodePlanSlice'];
type Plan = Schemas['Plan'];

export type Configuration = 'warm' | 'progressive' | 'baseline-restart';

/** One application of the workload: a zoo family, its primary and its small variant. */
export interface AppSpec {
  app: string;
  family: string;
  primaryVariant: string;
  smallVariant: string;
  understudyNode: string;
}

export interface RoundZoo {
  ref(family: string, variant: string, memoryMiB?: number): ModelRef;
  accuracy(family: string, variant: string): number | null;
  tempDir(label: string): Promise<string>;
}

export interface AppResult {
  app: string;
  understudyNode: string;
  /** Kill to the first successful answer from a node other than edge-a, seen by the client. */
  recoveryMs: number | null;
  /** Kill to the agent's own `failover.served` instant for this app, if reported. */
  servedEventMs: number | null;
  answeredBy: { node: string; variant: string; role: string } | null;
  requests: number;
  /** Failed requests (non-200 or transport error) that completed after the kill. */
  failedRequests: number;
  /** Failed requests before the kill (warm-up; should be 0). */
  failedBeforeKill: number;
  /** The first few failures: ms from the kill (negative: before it), and what came back. */
  failures: Array<{ atMs: number; what: string }>;
  accuracyBefore: number | null;
  accuracyAfter: number | null;
  /** The variant of the client's last successful answer, and its accuracy (after upgrades). */
  lastVariant: string | null;
  accuracyAtEnd: number | null;
}

export interface RoundResult {
  configuration: Configuration;
  round: number;
  prefix: string;
  detectionMs: number | null;
  detectionCause: string | null;
  apps: AppResult[];
  error?: string;
}

const KILLED = 'edge-a';
const SURVIVORS = ['edge-b', 'edge-c'];
const MEMORY_MIB = 64;
const MODEL_MIB = 8;
const IMAGE = floatInput('image', [1, 3, 32, 32]);
const READY_TIMEOUT_MS = 30_000;
const RECOVERY_TIMEOUT_MS = 10_000;
const MAX_REQUESTS_PER_CLIENT = 5_000;
/** How long the clients keep going once every app answered from its understudy. */
export const TAIL_MS = 500;

const nowMs = () => performance.timeOrigin + performance.now();

interface Answer {
  atMs: number;
  status: number;
  node?: string;
  variant?: string;
  role?: string;
  /** The problem code and detail of a non-200 answer. */
  code?: string;
  detail?: string;
}

interface ClientLog {
  answers: Answer[];
  errors: Array<{ atMs: number; message: string }>;
}

export async function runRound(options: {
  configuration: Configuration;
  round: number;
  apps: AppSpec[];
  zoo: RoundZoo;
}): Promise<RoundResult> {
  const { configuration, round, apps, zoo } = options;
  const prefix = `bench-mttr-${process.pid}-${randomBytes(3).toString('hex')}`;
  const agents: AgentProcess[] = [];
  const dirs: string[] = [];
  let planner: ServeProcess | undefined;
  let queue: PlanQueue | undefined;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const store = createStore({ redis, prefix });
  const logs = new Map<string, ClientLog>(apps.map((a) => [a.app, { answers: [], errors: [] }]));
  let stopped = false;
  let clients: Promise<void> | undefined;
  let killedAtMs = 0;
  try {
    planner = await startPlanner(prefix);
    const started = await Promise.all(
      [KILLED, ...SURVIVORS].map(async (nodeId) => {
        const modelDir = await zoo.tempDir(`${configuration}-${round}-${nodeId}`);
        dirs.push(modelDir);
        return startAgentProcess({ nodeId, prefix, modelDir, memoryMiB: MEMORY_MIB });
      }),
    );
    agents.push(...started);
    const edgeA = started[0] as AgentProcess;

    queue = new PlanQueue(prefix);
    const slices = slicesFor(configuration, apps, zoo, 1);
    const plans = queue;
    await Promise.all(slices.map((part) => plans.mustApply(part)));
    const plan = await store.plans.publish(planFor(configuration, apps, zoo));
    if (plan.version !== 1) throw new Error(`expected plan version 1, got ${plan.version}`);
    await store.events.append('plan.published', { version: plan.version });
    const planner0 = planner;
    await waitUntil(
      "the router's routes for every app",
      async () => {
        const routes = await Promise.all(
          apps.map(({ app }) =>
            fetch(`${planner0.url}/v1/apps/${app}/route`).then(async (r) =>
              r.status === 200 ? ((await r.json()) as { state?: string }).state : undefined,
            ),
          ),
        );
        return routes.every((state) => state === 'serving');
      },
      READY_TIMEOUT_MS,
    );

    const deadline = Date.now() + READY_TIMEOUT_MS + RECOVERY_TIMEOUT_MS + 20_000;
    const url = planner.url;
    clients = Promise.all(
      apps.map(async ({ app }) => {
        const log = logs.get(app) as ClientLog;
        for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && !stopped && Date.now() < deadline; i++) {
          try {
            const reply = await post(`${url}/v1/apps/${app}/infer`, IMAGE);
            const body = reply.body as {
              node?: string;
              variant?: string;
              role?: string;
              code?: string;
              detail?: string;
            };
            log.answers.push({
              atMs: nowMs(),
              status: reply.status,
              node: body?.node,
              variant: body?.variant,
              role: body?.role,
              code: body?.code,
              detail: body?.detail,
            });
          } catch (error) {
            log.errors.push({ atMs: nowMs(), message: (error as Error).message });
          }
        }
      }),
    ).then(() => undefined);

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

    killedAtMs = nowMs();
    edgeA.child.kill('SIGKILL');
    await waitUntil(
      'every app answered by another node',
      async () => [...logs.values()].every((log) => firstRecovered(log, killedAtMs) !== undefined),
      RECOVERY_TIMEOUT_MS,
    ).catch(() => undefined); // a partial recovery is a result, not an error
    // Keep the clients on a little longer: progressive understudies swap to the planned
    // variant right after their first step serves, and that swap must not fail requests either.
    await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
    stopped = true;
    await clients;

    const events = await readEvents(url);
    const failed = events.find((e) => e.type === 'node.failed' && e.data.node === KILLED);
    const detectedAtMs = failed?.data.detectedAtMs;
    return {
      configuration,
      round,
      prefix,
      detectionMs: typeof detectedAtMs === 'number' ? round2(detectedAtMs - killedAtMs) : null,
      detectionCause: typeof failed?.data.cause === 'string' ? failed.data.cause : null,
      apps: apps.map((spec) => {
        const log = logs.get(spec.app) as ClientLog;
        const first = firstRecovered(log, killedAtMs);
        const last = log.answers.findLast((a) => a.status === 200 && a.variant !== undefined);
        const served = events.find(
          (e) =>
            e.type === 'failover.served' &&
            e.data.app === spec.app &&
            e.data.failedNode === KILLED &&
            typeof e.atMs === 'number',
        );
        return {
          app: spec.app,
          understudyNode: spec.understudyNode,
          recoveryMs: first === undefined ? null : round2(first.atMs - killedAtMs),
          servedEventMs: served?.atMs === undefined ? null : round2(served.atMs - killedAtMs),
          answeredBy:
            first === undefined
              ? null
              : {
                  node: String(first.node),
                  variant: String(first.variant),
                  role: String(first.role),
                },
          requests: log.answers.length + log.errors.length,
          failedRequests: failedCount(log, (atMs) => atMs >= killedAtMs),
          failedBeforeKill: failedCount(log, (atMs) => atMs < killedAtMs),
          failures: [
            ...log.errors.map((e) => ({ atMs: e.atMs, what: e.message })),
            ...log.answers
              .filter((a) => a.status !== 200)
              .map((a) => ({
                atMs: a.atMs,
                what: [a.status, a.code, a.detail].filter((x) => x !== undefined).join(' '),
              })),
          ]
            .sort((x, y) => x.atMs - y.atMs)
            .slice(0, 5)
            .map((f) => ({ atMs: round2(f.atMs - killedAtMs), what: f.what })),
          accuracyBefore: zoo.accuracy(spec.family, spec.primaryVariant),
          accuracyAfter:
            first?.variant === undefined ? null : zoo.accuracy(spec.family, first.variant),
          lastVariant: first === undefined ? null : (last?.variant ?? null),
          accuracyAtEnd:
            first === undefined || last?.variant === undefined
              ? null
              : zoo.accuracy(spec.family, last.variant),
        };
      }),
    };
  } catch (error) {
    stopped = true;
    await clients?.catch(() => undefined);
    return {
      configuration,
      round,
      prefix,
      detectionMs: null,
      detectionCause: null,
      apps: [],
      error: (error as Error).message,
    };
  } finally {
    stopped = true;
    await Promise.all(agents.map((agent) => agent.kill().catch(() => undefined)));
    await planner?.stop().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    redis.disconnect();
    await deletePrefix(prefix);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

function failedCount(log: ClientLog, when: (atMs: number) => boolean): number {
  return (
    log.errors.filter((e) => when(e.atMs)).length +
    log.answers.filter((a) => a.status !== 200 && when(a.atMs)).length
  );
}

function firstRecovered(log: ClientLog, killedAtMs: number): Answer | undefined {
  return log.answers.find(
    (a) => a.atMs >= killedAtMs && a.status === 200 && a.node !== undefined && a.node !== KILLED,
  );
}

/** The node slices of a configuration: primaries on edge-a, understudies on edge-b/edge-c. */
function slicesFor(
  configuration: Configuration,
  apps: AppSpec[],
  zoo: RoundZoo,
  planVersion: number,
): NodePlanSlice[] {
  const primaryRef = (a: AppSpec) => zoo.ref(a.family, a.primaryVariant, MODEL_MIB);
  const smallRef = (a: AppSpec) => zoo.ref(a.family, a.smallVariant, MODEL_MIB);
  const slices = [
    slice(KILLED, planVersion, {
      sessions: apps.map((a) => ({
        app: a.app,
        role: 'primary' as const,
        serving: true,
        model: primaryRef(a),
      })),
    }),
  ];
  for (const node of SURVIVORS) {
    const mine = apps.filter((a) => a.understudyNode === node);
    if (configuration === 'warm') {
      slices.push(
        slice(node, planVersion, {
          sessions: mine.map((a) => ({
            app: a.app,
            role: 'understudy' as const,
            serving: false,
            model: smallRef(a),
          })),
          failover: [
            {
              failedNode: KILLED,
              actions: mine.map((a) => ({ app: a.app, mode: 'warm' as const, model: smallRef(a) })),
            },
          ],
        }),
      );
    } else if (configuration === 'progressive') {
      slices.push(
        slice(node, planVersion, {
          stage: mine.flatMap((a) => [smallRef(a), primaryRef(a)]),
          failover: [
            {
              failedNode: KILLED,
              actions: mine.map((a) => ({
                app: a.app,
                mode: 'cold' as const,
                model: primaryRef(a),
                firstStep: smallRef(a),
              })),
            },
          ],
        }),
      );
    } else {
      slices.push(
        slice(node, planVersion, {
          stage: mine.map(primaryRef),
          failover: [
            {
              failedNode: KILLED,
              actions: mine.map((a) => ({
                app: a.app,
                mode: 'cold' as const,
                model: primaryRef(a),
              })),
            },
          ],
        }),
      );
    }
  }
  return slices;
}

/** The published plan matching the slices (what the router reads). */
function planFor(configuration: Configuration, apps: AppSpec[], zoo: RoundZoo): Plan {
  return {
    version: 0,
    createdAt: new Date().toISOString(),
    inputsDigest: `bench-mttr-${configuration}`,
    protection: 'node',
    nodes: [],
    unprotected: [],
    solver: {
      method: 'hand-made',
      status: 'optimal',
      objective: 0,
      bestBound: 0,
      gapPct: 0,
      timeMs: 0,
    },
    assignments: apps.map((a) => {
      const warm = configuration === 'warm';
      const variant = warm ? a.smallVariant : a.primaryVariant;
      return {
        app: a.app,
        primary: { node: KILLED, variant: a.primaryVariant },
        understudy: {
          node: a.understudyNode,
          variant,
          mode: warm ? ('warm' as const) : ('cold' as const),
          ...(configuration === 'progressive' ? { firstStepVariant: a.smallVariant } : {}),
        },
        expectedAccuracy: zoo.accuracy(a.family, variant),
        expectedRecoveryMs: null,
      };
    }),
  };
}

interface ServeProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `understudy serve` as a child process, resolved once it logs `listening` with its URL. */
async function startPlanner(prefix: string): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      '0',
      '--prefix',
      prefix,
      '--redis',
      TEST_REDIS_URL,
      // `listening` is logged at info: a quieter level would hide the URL.
      '--log-level',
      'info',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not log its URL in time: ${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited early with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function readEvents(url: string): Promise<Schemas['Event'][]> {
  const response = await fetch(`${url}/v1/events?limit=1000`);
  const page = (await response.json()) as { items?: Schemas['Event'][] };
  return page.items ?? [];
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

/** A fresh model directory under `root` (used by the zoo adapter). */
export const tempDirUnder = (root: string, label: string) => mkdtemp(join(root, `${label}-`));
