/**
 * The failure: SIGKILL of the agent holding the most primaries while clients keep calling,
 * then what they saw per application, the detection and the planner's re-protection plan.
 */
import { nowMs } from '../kit/now-ms.ts';
import { waitReplanned } from '../kit/plan-waits.ts';
import { waitUntil } from '../kit/wait-until.ts';
import type { components } from '../openapi/types.ts';
import { DEMO_TIMEOUTS } from './demo-context.ts';
import type { DemoContext, ServingCluster } from './demo-context.ts';
import { recoveryTable, summaryLines } from './demo-tables.ts';
import { recoveryRows, recoverySummary } from './recovery-report.ts';
import type { RecoveryRow, RecoverySummary } from './recovery-report.ts';

type Plan = components['schemas']['Plan'];

export interface FailoverResult {
  node: string;
  pid: number;
  killedAtMs: number;
  rows: RecoveryRow[];
  summary: RecoverySummary;
  /** The re-protection plan, once published and applied. */
  reprotection: Plan | undefined;
}

export async function failNode(ctx: DemoContext, serving: ServingCluster): Promise<FailoverResult> {
  const { plan } = serving;
  const node = busiestNode(plan);
  const agent = ctx.cluster.agent(node);
  if (agent === undefined) throw new Error(`no agent process for ${node}`);
  const affected = plan.assignments.filter((a) => a.primary.node === node).map((a) => a.app);
  ctx.progress.line(
    `• SIGKILL ${node} (pid ${agent.pid}), primary node of ${affected.length} apps: ${affected.join(', ')}`,
  );
  const killedAtMs = nowMs();
  await agent.kill();
  await awaitRecovery(ctx, serving, { node, affected, killedAtMs });
  const reprotection = await ctx.progress
    .step(
      'waiting for the re-protection plan',
      () =>
        waitReplanned(
          ctx.client,
          ctx.events,
          { reason: 'failover', afterVersion: plan.version },
          { signal: ctx.signal, timeoutMs: DEMO_TIMEOUTS.replanMs },
        ),
      (p) => `v${p.version}, applied on ${p.nodes.length} nodes`,
    )
    .catch(problem(ctx));
  return report(ctx, { serving, node, pid: agent.pid, killedAtMs, reprotection });
}

/** Waits for every affected app to answer from another node, and for `node.failed`. */
async function awaitRecovery(
  ctx: DemoContext,
  serving: ServingCluster,
  kill: { node: string; affected: readonly string[]; killedAtMs: number },
): Promise<void> {
  const { node, affected, killedAtMs } = kill;
  const wait = { signal: ctx.signal, timeoutMs: DEMO_TIMEOUTS.recoveryMs };
  const recovered = (app: string) =>
    serving.traffic
      .answersOf(app)
      .some((a) => a.atMs >= killedAtMs && a.status === 200 && a.node !== node);
  await ctx.progress
    .step(`waiting for every app of ${node} to answer from another node`, () =>
      waitUntil(
        `every app of ${node} answering from another node`,
        () => affected.every(recovered) || undefined,
        wait,
      ),
    )
    .catch(problem(ctx));
  await ctx.events
    .waitFor(
      `node.failed for ${node}`,
      (e) => e.type === 'node.failed' && e.data.node === node,
      wait,
    )
    .catch(problem(ctx));
}

function report(
  ctx: DemoContext,
  found: {
    serving: ServingCluster;
    node: string;
    pid: number;
    killedAtMs: number;
    reprotection: Plan | undefined;
  },
): FailoverResult {
  const { serving, node, killedAtMs, reprotection } = found;
  const input = {
    killedNode: node,
    killedAtMs,
    untilMs: nowMs(),
    assignments: serving.plan.assignments,
    answersOf: (app: string) => serving.traffic.answersOf(app),
    events: ctx.events.events,
    accuracy: ctx.accuracy,
  };
  const rows = recoveryRows(input);
  const apps = serving.plan.assignments.map((a) => a.app);
  const summary = recoverySummary(rows, input, apps);
  ctx.progress.line();
  ctx.progress.line(`Recovery after the kill of ${node}:`);
  for (const line of recoveryTable(rows)) ctx.progress.line(line);
  ctx.progress.line();
  const replan =
    reprotection === undefined
      ? { version: null, detail: 'none published' }
      : { version: reprotection.version, detail: `(${protectedCount(reprotection)})` };
  for (const line of summaryLines(summary, replan)) ctx.progress.line(line);
  ctx.progress.line();
  return { node, pid: found.pid, killedAtMs, rows, summary, reprotection };
}

function protectedCount(plan: Plan): string {
  const protectedApps = plan.assignments.filter((a) => a.understudy).length;
  return `${protectedApps}/${plan.assignments.length} apps protected again`;
}

/** The node with the most primaries; the first by id among equals. */
export function busiestNode(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const { primary } of plan.assignments)
    counts.set(primary.node, (counts.get(primary.node) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (best === undefined) throw new Error('the plan places no primary');
  return best[0];
}

/** Records a wait that ran out as a problem and goes on; anything else is rethrown. */
export function problem(ctx: DemoContext): (error: unknown) => undefined {
  return (error: unknown) => {
    if ((error as Error).name !== 'WaitTimeout' || ctx.signal.aborted) throw error;
    ctx.problems.push((error as Error).message);
    return undefined;
  };
}
