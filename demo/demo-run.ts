/**
 * `understudy demo` end to end: a Redis, the zoo, the planner and the agents as child
 * processes, a plan, steady traffic, a SIGKILL, the recovery as the clients saw it, the node
 * back and the fail-back. Whatever happens, everything it started is stopped, its keys are
 * deleted and its temporary files removed (the logs are kept when it fails). Prints through
 * `write` only; never exits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventFollower } from '../kit/event-follower.ts';
import { deletePrefixKeys, uniquePrefix } from '../kit/prefix-keys.ts';
import { RestEventSource } from '../kit/rest-event-source.ts';
import { ApiClient } from '../src/client/api-client.ts';
import type { ChildRegistry } from './child-registry.ts';
import { Cleanup } from './cleanup.ts';
import { bringUp } from './demo-bring-up.ts';
import { DemoCluster } from './demo-cluster.ts';
import type { StartedProcess } from './demo-cluster.ts';
import { DEMO_APPS, demoNodes } from './demo-cluster-spec.ts';
import type { DemoNode } from './demo-cluster-spec.ts';
import { DEMO_TIMEOUTS } from './demo-context.ts';
import type { DemoContext } from './demo-context.ts';
import { bringBack } from './demo-fail-back.ts';
import type { FailBackResult } from './demo-fail-back.ts';
import { failNode } from './demo-failover.ts';
import type { FailoverResult } from './demo-failover.ts';
import { prepareDemoZoo } from './demo-zoo.ts';
import type { DemoZoo } from './demo-zoo.ts';
import { Progress } from './progress.ts';
import type { Write } from './progress.ts';
import { resolveRedis } from './redis-resolver.ts';
import type { ResolvedRedis, ResolveRedisOptions } from './redis-resolver.ts';

export interface DemoOptions {
  /** Agents to start, one per node. Default 4. */
  agents?: number;
  /** The planner's hold-down for a node that comes back, in ms. Default 2000. */
  holdDownMs?: number;
  /** Read for the Redis URL and the PATH. */
  env: NodeJS.ProcessEnv;
  write: Write;
  /** Aborts the demo (Ctrl-C); cleanup still runs. */
  signal: AbortSignal;
  /** Every child process is added here as soon as it is spawned. */
  children: ChildRegistry;
  /** Overrides for finding a Redis (tests). */
  redis?: Pick<ResolveRedisOptions, 'defaultUrl' | 'findBinary'>;
  /** Where the temporary directory goes. Default the OS's. */
  tmpDir?: string;
}

export interface DemoResult {
  redis: { url: string; source: ResolvedRedis['source'] };
  prefix: string;
  nodes: DemoNode[];
  planVersion: number;
  failover: Omit<FailoverResult, 'reprotection'> & { reprotectionPlanVersion: number | null };
  failBack: Omit<FailBackResult, 'plan'> & { planVersion: number | null };
  /** Every process the demo started, stopped by now. */
  processes: StartedProcess[];
  /** What did not happen as it should; empty for a demo that went through. */
  problems: string[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const progress = new Progress(options.write, options.signal);
  const root = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'understudy-demo-'));
  const cleanup = new Cleanup();
  // Logs are kept for a run that failed or had problems, unless it was interrupted.
  let keepLogs = true;
  let logDir: string | undefined;
  const agents = options.agents ?? 4;
  progress.line(
    `Understudy demo: a planner and ${agents} agents as child processes, ${DEMO_APPS.length} apps, one node killed.`,
  );
  try {
    const result = await run(options, { progress, root, cleanup }, (dir) => (logDir = dir));
    keepLogs = result.problems.length > 0;
    return result;
  } finally {
    // Not aborted by the signal that may have ended the demo: cleanup must run to the end.
    const closing = new Progress(options.write);
    const keep = keepLogs && !options.signal.aborted ? logDir : undefined;
    await closing
      .step('cleaning up', async () => {
        const failures = await cleanup.run();
        await removeTemp(root, keep);
        if (failures.length > 0) throw new Error(`cleanup: ${failures.join('; ')}`);
      })
      .catch((error: unknown) => closing.line(`  ${(error as Error).message}`));
    if (keep !== undefined) closing.line(`  the processes' logs are kept in ${keep}`);
  }
}

async function run(
  options: DemoOptions,
  parts: { progress: Progress; root: string; cleanup: Cleanup },
  onLogDir: (dir: string) => void,
): Promise<DemoResult> {
  const { progress, root, cleanup } = parts;
  const holdDownMs = options.holdDownMs ?? 2_000;
  const redis = await progress.step(
    'finding a Redis',
    () => resolveRedis({ ...options.redis, env: options.env }),
    (r) => `${r.url}, ${SOURCES[r.source]}`,
  );
  cleanup.add('stopping the private redis-server', () => redis.stop());
  // A key prefix of its own for this run, so it never touches other data in the Redis.
  const prefix = uniquePrefix('demo');
  cleanup.add('deleting the keys', () => deletePrefixKeys({ redisUrl: redis.url, prefix }));
  const zoo = await progress.step(
    'building the model zoo',
    () => prepareDemoZoo({ dir: join(root, 'zoo'), signal: options.signal }),
    (z) =>
      `${z.families.map((f) => f.variants.length).reduce((a, b) => a + b, 0)} models in ${z.families.length} families, profiled`,
  );
  const cluster = new DemoCluster({
    redisUrl: redis.url,
    prefix,
    holdDownMs,
    root,
    children: options.children,
  });
  onLogDir(cluster.logDir);
  cleanup.add('stopping the processes', () => cluster.stop(DEMO_TIMEOUTS.stopMs));
  const ctx = await startPlanner({ options, progress, cleanup, cluster, zoo });
  const serving = await bringUp(ctx);
  const failover = await failNode(ctx, serving);
  const { reprotection, ...failedOver } = failover;
  const { plan: failBackPlan, ...failBack } = await bringBack(ctx, serving, failover, holdDownMs);
  return {
    redis: { url: redis.url, source: redis.source },
    prefix,
    nodes: [...ctx.nodes],
    planVersion: serving.plan.version,
    failover: { ...failedOver, reprotectionPlanVersion: reprotection?.version ?? null },
    failBack: { ...failBack, planVersion: failBackPlan?.version ?? null },
    processes: [
      ...cluster.started,
      ...(redis.pid === undefined ? [] : [{ name: 'redis-server', pid: redis.pid }]),
    ],
    problems: ctx.problems,
  };
}

const SOURCES: Record<ResolvedRedis['source'], string> = {
  env: 'from the environment',
  default: 'the one answering on the default port',
  private: 'a private redis-server started for the demo',
};

async function startPlanner(parts: {
  options: DemoOptions;
  progress: Progress;
  cleanup: Cleanup;
  cluster: DemoCluster;
  zoo: DemoZoo;
}): Promise<DemoContext> {
  const { options, progress, cleanup, cluster, zoo } = parts;
  const planner = await progress.step(
    'starting the planner',
    () => cluster.startPlanner(),
    (p) => p.url,
  );
  const client = new ApiClient({ baseUrl: planner.url });
  const events = await EventFollower.start({ source: new RestEventSource(client) });
  cleanup.add('stopping the event reader', () => events.stop());
  const familyOf = new Map(DEMO_APPS.map((app) => [app.id, app.input.family]));
  return {
    progress,
    signal: options.signal,
    cluster,
    client,
    plannerUrl: planner.url,
    events,
    zoo,
    nodes: demoNodes(options.agents ?? 4),
    apps: DEMO_APPS,
    accuracy: (app, variant) => zoo.accuracy(familyOf.get(app) ?? '', variant) ?? null,
    cleanup,
    problems: [],
  };
}

/** Removes the temporary directory, all but `keep` (the logs of a failed run). */
async function removeTemp(root: string, keep: string | undefined): Promise<void> {
  if (keep === undefined) {
    await rm(root, { recursive: true, force: true });
    return;
  }
  await Promise.all(
    ['zoo', 'nodes'].map((dir) => rm(join(root, dir), { recursive: true, force: true })),
  );
}
