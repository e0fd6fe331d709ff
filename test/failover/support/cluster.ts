/**
 * A small real cluster for failover tests: agents as OS processes against one planner (in
 * this process, or `serve` processes the test starts), zoo models, and what a test reads
 * back — events, plans, and a client that calls the router back to back. Waits for plans come
 * from kit/plan-waits.
 */
import { ClientLoop } from '../../../kit/client-loop.ts';
import { EventFollower } from '../../../kit/event-follower.ts';
import { floatInput } from '../../../kit/http.ts';
import { solvePlan, waitApplied } from '../../../kit/plan-waits.ts';
import { RedisEventSource } from '../../../kit/redis-event-source.ts';
import { UnderstudyProcess } from '../../../kit/understudy-process.ts';
import type { AgentProcess } from '../../../kit/understudy-process.ts';
import type { ClusterEvent, EventOf, EventType } from '../../../core/events.ts';
import type { components } from '../../../openapi/types.ts';
import type { ApiClient } from '../../../src/client/api-client.ts';
import type { TestZoo } from '../../agents/support/test-zoo.ts';
import type { TestServer } from '../../support/api-server.ts';
import { TEST_REDIS_URL } from '../../support/redis.ts';

type Schemas = components['schemas'];
export type Event = ClusterEvent;

export const IMAGE = floatInput('image', [1, 3, 32, 32]);

/** Calls the planner's REST API (the test server's `call`, or fetch against a process). */
export type Call = (
  method: string,
  path: string,
  options?: { body?: unknown },
) => Promise<{ status: number; headers: Headers; body: unknown }>;

export function callAt(url: () => string): Call {
  return async (method, path, options = {}) => {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes('json') ? (JSON.parse(text) as unknown) : text,
    };
  };
}

export async function startAgent(
  zoo: TestZoo,
  prefix: string,
  nodeId: string,
  memoryMiB = 64,
): Promise<AgentProcess> {
  return UnderstudyProcess.agent({
    redisUrl: TEST_REDIS_URL,
    nodeId,
    prefix,
    modelDir: await zoo.tempDir(nodeId),
    memoryMiB,
  });
}

/** Every event so far (the newest 1000). */
export async function allEvents(call: Call): Promise<Event[]> {
  return ((await call('GET', '/v1/events?limit=1000')).body as { items: Event[] }).items;
}

/** Every event so far (the newest 1000) of one type. */
export async function eventsOf<T extends EventType>(
  call: Call,
  type: T,
): Promise<Array<EventOf<T>>> {
  return (await allEvents(call)).filter((event): event is EventOf<T> => event.type === type);
}

/** The resnet-like family with two variants, from the test zoo. */
export function resnetFamily(zoo: TestZoo): Schemas['FamilyInput'] {
  const variant = (id: string, accuracy: number, memoryMiB: number, loadMs: number) => {
    const ref = zoo.ref('resnet-like', id, memoryMiB);
    return {
      id,
      location: ref.location,
      sha256: ref.sha256,
      accuracy,
      memoryMiB,
      loadMs,
      latencyMs: { p50: 1, p99: 3 },
    };
  };
  return {
    task: 'image-classification',
    variants: [variant('resnet18', 0.69758, 10, 20), variant('resnet50', 0.7613, 20, 40)],
  };
}

/** The resnet-like family, and cam-1 on it pinned to edge-a at resnet50. */
export async function putCamOnEdgeA(
  server: Pick<TestServer, 'must'>,
  zoo: TestZoo,
  maxRecoveryMs = 2000,
): Promise<void> {
  await server.must('PUT', '/v1/families/resnet-like', { body: resnetFamily(zoo) });
  await server.must('PUT', '/v1/apps/cam-1', {
    body: {
      family: 'resnet-like',
      primaryVariant: 'resnet50',
      primaryNode: 'edge-a',
      slo: { maxRecoveryMs, minAccuracy: 0.6 },
    },
  });
}

/** The waits for a plan to be solved, published or applied: 20 s each. */
export const PLAN_WAIT = { timeoutMs: 20_000 };

/**
 * Follows the prefix's events on the Redis stream (so it does not depend on which planner
 * serves the API).
 */
export function followEvents(prefix: string): Promise<EventFollower> {
  return EventFollower.start({
    source: new RedisEventSource({ redisUrl: TEST_REDIS_URL, prefix }),
  });
}

/** Solves a plan and waits until each node applied it; resolves with its version. */
export async function solveAndApply(
  client: ApiClient,
  events: EventFollower,
  nodes: readonly string[],
): Promise<number> {
  const plan = await solvePlan(client, PLAN_WAIT);
  await waitApplied(events, { version: plan.version, nodes }, PLAN_WAIT);
  return plan.version;
}

export async function planOf(call: Call, version: number): Promise<Schemas['Plan']> {
  return (await call('GET', `/v1/plans/${version}`)).body as Schemas['Plan'];
}

/** One client calling `app` through the router at `url()` back to back until stopped. */
export function routerClient(url: () => string, app: string): ClientLoop {
  return ClientLoop.start({ baseUrl: url, apps: [{ app, body: JSON.stringify(IMAGE) }] });
}
