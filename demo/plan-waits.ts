/**
 * Waiting for plans: a solve to be published, a plan to be applied on every node it covers,
 * the router to serve every application, and the controller to watch every agent (its fast
 * crash-detection path).
 */
import type { EventFollower } from '../kit/event-follower.ts';
import { waitUntil } from '../kit/wait-until.ts';
import type { WaitOptions } from '../kit/wait-until.ts';
import type { components } from '../openapi/types.ts';
import type { ApiClient } from '../src/client/api-client.ts';

type Plan = components['schemas']['Plan'];
type Route = components['schemas']['Route'];

/** Starts a solve and resolves with the plan once it is published. */
export async function solvePlan(client: ApiClient, options: WaitOptions): Promise<Plan> {
  const solve = await client.startSolve({});
  const done = await waitUntil(
    'the solve',
    async () => {
      const now = await client.getSolve(solve.id);
      return now.status === 'queued' || now.status === 'solving' ? undefined : now;
    },
    { ...options, intervalMs: 50 },
  );
  if (done.status !== 'published' || done.planVersion === undefined)
    throw new Error(`the solve was ${done.status}: ${done.detail ?? 'no detail'}`);
  return client.getPlan(done.planVersion);
}

/** Resolves once every node of the plan has reported `plan.applied` for its version. */
export async function waitApplied(
  events: EventFollower,
  plan: Plan,
  options: WaitOptions,
): Promise<void> {
  const nodes = plan.nodes.map((memory) => memory.node);
  await waitUntil(
    `plan v${plan.version} applied on ${nodes.join(', ')}`,
    () => {
      const applied = new Set(
        events
          .ofType('plan.applied')
          .filter((event) => event.data.planVersion === plan.version)
          .map((event) => event.data.node),
      );
      return nodes.every((node) => applied.has(node)) ? true : undefined;
    },
    options,
  );
}

/** Resolves once the router serves every application of the plan from its primary. */
export async function waitRouted(
  client: ApiClient,
  plan: Plan,
  options: WaitOptions,
): Promise<void> {
  await waitUntil(
    'every application routed to its primary',
    async () => {
      const routes = await Promise.all(
        plan.assignments.map((a) =>
          client.request<Route>('GET', `/v1/apps/${encodeURIComponent(a.app)}/route`).then(
            (route) => route.state === 'serving' && route.node === a.primary.node,
            () => false,
          ),
        ),
      );
      return routes.every(Boolean) ? true : undefined;
    },
    { ...options, intervalMs: 50 },
  );
}

/** Resolves once the planner's controller holds an open watch stream to every node. */
export async function waitWatched(
  baseUrl: string,
  nodes: readonly string[],
  options: WaitOptions,
): Promise<void> {
  await waitUntil(
    "the controller's watch on every agent",
    async () => {
      const metrics = await fetch(`${baseUrl}/metrics`).then(
        (response) => response.text(),
        () => '',
      );
      const open = (node: string) =>
        metrics.includes(`understudy_agent_watch_open{node="${node}"} 1`);
      return nodes.every(open) ? true : undefined;
    },
    { ...options, intervalMs: 50 },
  );
}

/**
 * Resolves with the first plan published after `afterVersion` for this reason (`failover`
 * or `fail-back`), once every node it covers has applied it.
 */
export async function waitReplanned(
  client: ApiClient,
  events: EventFollower,
  reason: string,
  afterVersion: number,
  options: WaitOptions,
): Promise<Plan> {
  const published = await events.waitForType(
    `a ${reason} plan`,
    'plan.published',
    (event) => event.data.reason === reason && event.data.version > afterVersion,
    options,
  );
  const plan = await client.getPlan(published.data.version);
  await waitApplied(events, plan, options);
  return plan;
}
