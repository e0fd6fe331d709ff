/**
 * The demo up to steady traffic: agents started, families and applications registered, a plan
 * solved, applied and routed, and one client per application answered by its primary.
 */
import { ClientLoop } from '../kit/client-loop.ts';
import { nodesOf, solvePlan, waitApplied, waitRouted, waitWatched } from '../kit/plan-waits.ts';
import { waitUntil } from '../kit/wait-until.ts';
import { createApiRegistrar } from '../src/client/api-registrar.ts';
import { DEMO_TIMEOUTS } from './demo-context.ts';
import type { DemoContext, ServingCluster } from './demo-context.ts';
import { planTable } from './demo-tables.ts';

/** Time between two requests of one client, in ms. */
export const CLIENT_INTERVAL_MS = 40;
/** Answers each client must get from its primary before the kill. */
const WARM_UP_ANSWERS = 5;

export async function bringUp(ctx: DemoContext): Promise<ServingCluster> {
  await startAgents(ctx);
  await register(ctx);
  const plan = await ctx.progress.step(
    'solving a plan',
    () => solvePlan(ctx.client, { timeoutMs: DEMO_TIMEOUTS.planMs, signal: ctx.signal }),
    (p) =>
      `v${p.version}: ${p.assignments.filter((a) => a.understudy).length}/${p.assignments.length} apps protected, solver ${p.solver.status} in ${p.solver.timeMs.toFixed(0)} ms`,
  );
  const wait = { timeoutMs: DEMO_TIMEOUTS.planMs, signal: ctx.signal };
  await ctx.progress.step(`applying it on ${plan.nodes.length} nodes`, async () => {
    await waitApplied(ctx.events, { version: plan.version, nodes: nodesOf(plan) }, wait);
    await waitRouted(ctx.client, plan, wait);
    await waitWatched(
      ctx.plannerUrl,
      ctx.nodes.map((node) => node.id),
      wait,
    );
  });
  ctx.progress.line();
  ctx.progress.line(
    `Plan v${plan.version} (recovery and accuracy kept as the solver estimates them):`,
  );
  for (const line of planTable(plan)) ctx.progress.line(line);
  ctx.progress.line();
  const traffic = await startTraffic(ctx, plan);
  return { plan, traffic };
}

async function startAgents(ctx: DemoContext): Promise<void> {
  await ctx.progress.step(
    `starting ${ctx.nodes.length} agents`,
    () => Promise.all(ctx.nodes.map((node) => ctx.cluster.startAgent(node))),
    () => ctx.nodes.map((node) => `${node.id} ${node.memoryMiB} MiB`).join(', '),
  );
}

async function register(ctx: DemoContext): Promise<void> {
  const families = ctx.zoo.families;
  await ctx.progress.step(
    `registering ${families.length} model families and ${ctx.apps.length} apps`,
    async () => {
      const registrar = createApiRegistrar({ apiUrl: ctx.plannerUrl });
      for (const family of families) await registrar.putFamily(family);
      for (const app of ctx.apps) await ctx.client.putApp(app.id, app.input);
    },
    () => families.map((family) => family.id).join(', '),
  );
}

/**
 * One client per application sending a request every `CLIENT_INTERVAL_MS` whether or not the
 * previous one has answered, so a request is always under way when the node dies.
 */
async function startTraffic(ctx: DemoContext, plan: ServingCluster['plan']): Promise<ClientLoop> {
  const familyOf = new Map(ctx.apps.map((app) => [app.id, app.input.family]));
  const traffic = ClientLoop.start({
    baseUrl: ctx.plannerUrl,
    intervalMs: CLIENT_INTERVAL_MS,
    apps: plan.assignments.map(({ app }) => ({
      app,
      body: ctx.zoo.inputBody(familyOf.get(app) ?? ''),
    })),
  });
  ctx.cleanup.add('stopping the clients', () => traffic.stop());
  await ctx.progress.step(
    `driving traffic: ${plan.assignments.length} clients through the router, one request every ${CLIENT_INTERVAL_MS} ms each`,
    () =>
      waitUntil(
        'every client answered by its primary',
        () =>
          plan.assignments.every(
            (a) =>
              traffic
                .answersOf(a.app)
                .filter((answer) => answer.status === 200 && answer.node === a.primary.node)
                .length >= WARM_UP_ANSWERS,
          ) || undefined,
        { timeoutMs: DEMO_TIMEOUTS.planMs, signal: ctx.signal },
      ),
    () => 'every app answered by its primary',
  );
  return traffic;
}
