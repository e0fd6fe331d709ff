/**
 * The node comes back: a new agent process with the same node id. The planner keeps it fenced
 * for the hold-down, then declares it recovered and publishes a fail-back plan; the clients
 * follow it without failed requests.
 */
import { nowMs } from '../kit/now-ms.ts';
import { waitReplanned } from '../kit/plan-waits.ts';
import { pause, waitUntil } from '../kit/wait-until.ts';
import type { components } from '../openapi/types.ts';
import { DEMO_TIMEOUTS } from './demo-context.ts';
import type { DemoContext, ServingCluster } from './demo-context.ts';
import type { FailoverResult } from './demo-failover.ts';
import { problem } from './demo-failover.ts';
import { failBackTable } from './demo-tables.ts';
import { failBackRows } from './recovery-report.ts';
import type { FailBackRow } from './recovery-report.ts';

type Plan = components['schemas']['Plan'];
type Event = components['schemas']['Event'];

/** How long clients keep calling once they follow the fail-back plan, in ms. */
const TAIL_MS = 500;

export interface FailBackResult {
  node: string;
  pid: number;
  /** From the new agent's start to `node.recovered`, in ms (the hold-down and a little). */
  recoveredAfterMs: number | null;
  plan: Plan | undefined;
  rows: FailBackRow[];
  /** Every application's requests from the restart to the end. */
  requests: number;
  failedRequests: number;
}

export async function bringBack(
  ctx: DemoContext,
  serving: ServingCluster,
  failover: FailoverResult,
  holdDownMs: number,
): Promise<FailBackResult> {
  const { node } = failover;
  const spec = ctx.nodes.find((candidate) => candidate.id === node);
  if (spec === undefined) throw new Error(`no node ${node} in the demo`);
  const restartAtMs = nowMs();
  const agent = await ctx.progress.step(
    `bringing ${node} back (a new agent process, same node id)`,
    () => ctx.cluster.startAgent(spec),
    (started) => `pid ${started.pid}`,
  );
  const wait = { signal: ctx.signal, timeoutMs: holdDownMs + DEMO_TIMEOUTS.replanMs };
  const recovered = await ctx.progress
    .step(
      `waiting out the hold-down (${holdDownMs} ms) for node.recovered`,
      () =>
        ctx.events.waitFor(`node.recovered for ${node}`, recoveredFrom(node, restartAtMs), wait),
      (event) => `${(((event.atMs ?? 0) - restartAtMs) / 1000).toFixed(1)} s after the restart`,
    )
    .catch(problem(ctx));
  const after = failover.reprotection?.version ?? serving.plan.version;
  const plan = await ctx.progress
    .step(
      'waiting for the fail-back plan',
      () =>
        waitReplanned(ctx.client, ctx.events, { reason: 'fail-back', afterVersion: after }, wait),
      (p) => `v${p.version}, applied on ${p.nodes.length} nodes`,
    )
    .catch(problem(ctx));
  if (plan !== undefined) await settle(ctx, serving, failover, plan);
  await pause(TAIL_MS, ctx.signal);
  await serving.traffic.stop();
  return report(ctx, serving, failover, {
    pid: agent.pid,
    restartAtMs,
    recoveredAfterMs: recovered?.atMs === undefined ? null : recovered.atMs - restartAtMs,
    plan,
  });
}

/** Matches the event that re-admits the node after its restart. */
function recoveredFrom(node: string, restartAtMs: number): (event: Event) => boolean {
  return (event) =>
    event.type === 'node.recovered' &&
    event.data.node === node &&
    event.data.from === 'down' &&
    (event.atMs ?? 0) >= restartAtMs;
}

/** Waits until the clients of the failed node's apps are answered where the plan says. */
async function settle(
  ctx: DemoContext,
  serving: ServingCluster,
  failover: FailoverResult,
  plan: Plan,
): Promise<void> {
  const apps = failover.rows.map((row) => row.app);
  await ctx.progress
    .step('waiting for the clients to follow it', () =>
      waitUntil(
        'the clients answered by the fail-back primaries',
        () =>
          apps.every((app) => {
            const primary = plan.assignments.find((a) => a.app === app)?.primary;
            const last = serving.traffic.answersOf(app).findLast((a) => a.status === 200);
            return last?.node === primary?.node && last?.variant === primary?.variant;
          }) || undefined,
        { signal: ctx.signal, timeoutMs: DEMO_TIMEOUTS.settleMs },
      ),
    )
    .catch(problem(ctx));
}

function report(
  ctx: DemoContext,
  serving: ServingCluster,
  failover: FailoverResult,
  found: { pid: number; restartAtMs: number; recoveredAfterMs: number | null; plan?: Plan },
): FailBackResult {
  const answersOf = (app: string) => serving.traffic.answersOf(app);
  const affected = serving.plan.assignments.filter((a) => a.primary.node === failover.node);
  const rows = failBackRows({
    apps: affected,
    planned: found.plan?.assignments,
    sinceMs: found.restartAtMs,
    answersOf,
    accuracy: ctx.accuracy,
  });
  const window = serving.plan.assignments.flatMap(({ app }) =>
    answersOf(app).filter((answer) => answer.atMs >= found.restartAtMs),
  );
  const failedRequests = window.filter((answer) => answer.status !== 200).length;
  ctx.progress.line();
  ctx.progress.line(`After fail-back to ${failover.node}:`);
  for (const line of failBackTable(rows)) ctx.progress.line(line);
  ctx.progress.line();
  ctx.progress.line(
    `  failed requests      ${failedRequests} of ${window.length} (all apps, restart → end)`,
  );
  ctx.progress.line();
  return {
    node: failover.node,
    pid: found.pid,
    recoveredAfterMs: found.recoveredAfterMs,
    plan: found.plan,
    rows,
    requests: window.length,
    failedRequests,
  };
}
