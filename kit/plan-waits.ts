/**
 * Waiting for plans as a client of the planner sees them: a solve published, a plan announced
 * (`plan.published`) for a reason, applied (`plan.applied`) on the nodes it covers, every
 * application routed to its primary, and the controller watching agents (its fast
 * crash-detection path). Events come from an `EventFollower`; the rest from the REST API.
 */
import type { EventData } from '../core/events.ts';
import type { components } from '../openapi/types.ts';
import type { ApiClient } from '../src/client/api-client.ts';
import type { EventFollower } from './event-follower.ts';
import { waitUntil } from './wait-until.ts';
import type { WaitOptions } from './wait-until.ts';

type Plan = components['schemas']['Plan'];
type Route = components['schemas']['Route'];

/** Time between two polls of the REST API, in ms, unless a wait says otherwise. */
const POLL_INTERVAL_MS = 50;

/** Which `plan.published` to wait for. */
export interface PublishedPlan {
  reason: EventData<'plan.published'>['reason'];
  /** The node the reason is about (the failed or re-admitted one); any when undefined. */
  node?: string;
  /** Only a version above this one; any when undefined. */
  afterVersion?: number;
}

/** A plan version and the nodes that must report it applied. */
export interface AppliedPlan {
  version: number;
  nodes: readonly string[];
}

/**
 * Starts a solve and resolves with the plan once it is published; rejects when the solve ends
 * otherwise (failed, or found nothing to publish).
 */
export async function solvePlan(client: ApiClient, options: WaitOptions = {}): Promise<Plan> {
  const solve = await client.startSolve({});
  const done = await waitUntil(
    'the solve',
    async () => {
      const now = await client.getSolve(solve.id);
      return now.status === 'queued' || now.status === 'solving' ? undefined : now;
    },
    { intervalMs: POLL_INTERVAL_MS, ...options },
  );
  if (done.status !== 'published' || done.planVersion === undefined)
    throw new Error(`the solve was ${done.status}: ${done.detail ?? 'no detail'}`);
  return client.getPlan(done.planVersion);
}

/** Resolves with the version of the first `plan.published`, seen or to come, that matches. */
export async function waitPublished(
  events: EventFollower,
  plan: PublishedPlan,
  options: WaitOptions = {},
): Promise<number> {
  const { reason, node, afterVersion } = plan;
  const published = await events.waitForType(
    `a ${reason} plan${node === undefined ? '' : ` for ${node}`}`,
    'plan.published',
    (event) =>
      event.data.reason === reason &&
      (node === undefined || event.data.node === node) &&
      (afterVersion === undefined || event.data.version > afterVersion),
    options,
  );
  return published.data.version;
}

/** Resolves once every one of the nodes has reported `plan.applied` for the version. */
export async function waitApplied(
  events: EventFollower,
  plan: AppliedPlan,
  options: WaitOptions = {},
): Promise<void> {
  await waitUntil(
    `plan v${plan.version} applied on ${plan.nodes.join(', ')}`,
    () => {
      const applied = new Set(
        events
          .ofType('plan.applied')
          .filter((event) => event.data.planVersion === plan.version)
          .map((event) => event.data.node),
      );
      return plan.nodes.every((node) => applied.has(node)) ? true : undefined;
    },
    { intervalMs: 5, ...options },
  );
}

/**
 * Resolves with the first plan published that matches, once every node it covers has applied
 * it.
 */
export async function waitReplanned(
  client: ApiClient,
  events: EventFollower,
  published: PublishedPlan,
  options: WaitOptions = {},
): Promise<Plan> {
  const plan = await client.getPlan(await waitPublished(events, published, options));
  await waitApplied(events, { version: plan.version, nodes: nodesOf(plan) }, options);
  return plan;
}

/** Resolves once the router serves every application of the plan from its primary. */
export async function waitRouted(
  client: ApiClient,
  plan: Pick<Plan, 'assignments'>,
  options: WaitOptions = {},
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
    { intervalMs: POLL_INTERVAL_MS, ...options },
  );
}

/** Resolves once the planner at `plannerUrl` holds an open watch stream to every node. */
export async function waitWatched(
  plannerUrl: string,
  nodes: readonly string[],
  options: WaitOptions = {},
): Promise<void> {
  await waitUntil(
    `the controller's watch on ${nodes.join(', ')}`,
    async () => {
      const metrics = await fetch(`${plannerUrl}/metrics`).then(
        (response) => response.text(),
        () => '',
      );
      const open = (node: string) =>
        metrics.includes(`understudy_agent_watch_open{node="${node}"} 1`);
      return nodes.every(open) ? true : undefined;
    },
    { intervalMs: POLL_INTERVAL_MS, ...options },
  );
}

/** The nodes a plan covers. */
export function nodesOf(plan: Pick<Plan, 'nodes'>): string[] {
  return plan.nodes.map((memory) => memory.node);
}
