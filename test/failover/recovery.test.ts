/**
 * A failure's whole life, with the real planner in this process and three real agents: a
 * SIGKILL, recovery events, the re-protection plan, the node coming back (fenced through its
 * hold-down), and the fail-back plan — while a client calls the router without a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { ClientLoop } from '../../kit/client-loop.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { waitApplied, waitPublished } from '../../kit/plan-waits.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import {
  eventsOf,
  followEvents,
  PLAN_WAIT,
  planOf,
  resnetFamily,
  routerClient,
  solveAndApply,
  startAgent,
} from './support/cluster.ts';

type Schemas = components['schemas'];

const HOLD_DOWN_MS = 1500;
const NODES = ['edge-a', 'edge-b', 'edge-c'];
let zoo: TestZoo;
let server: TestServer;
let events: EventFollower;
const agents = new Map<string, AgentProcess>();
let firstPlan = 0;

beforeAll(async () => {
  zoo = await buildTestZoo();
  server = await startTestServer({ label: 'recovery', controller: { holdDownMs: HOLD_DOWN_MS } });
  events = await followEvents(server.prefix);
  for (const agent of await Promise.all(NODES.map((id) => startAgent(zoo, server.prefix, id))))
    agents.set(agent.nodeId, agent);
  await server.must('PUT', '/v1/families/resnet-like', { body: resnetFamily(zoo) });
  const app = (primaryNode: string) => ({
    family: 'resnet-like',
    primaryVariant: 'resnet50',
    primaryNode,
    slo: { maxRecoveryMs: 500, minAccuracy: 0.6 },
  });
  await server.must('PUT', '/v1/apps/cam-1', { body: app('edge-a') });
  await server.must('PUT', '/v1/apps/cam-2', { body: app('edge-b') });
  firstPlan = await solveAndApply(new ApiClient({ baseUrl: server.url }), events, NODES);
}, 90_000);

afterAll(async () => {
  await Promise.all([...agents.values()].map((agent) => agent.kill()));
  await events?.stop();
  await server?.dispose();
  await zoo?.dispose();
});

describe('an agent is killed, replaced by its understudy, re-protected, and fails back', () => {
  let client: ClientLoop;
  let killedAtMs = 0;
  let reprotection = 0;
  let failBack = 0;
  let understudyNode = '';

  beforeAll(async () => {
    const plan = await planOf(server.call, firstPlan);
    understudyNode =
      plan.assignments.find((assignment) => assignment.app === 'cam-1')?.understudy?.node ?? '';
    client = routerClient(() => server.url, 'cam-1');
    await client.waitForAnswerFrom('cam-1', 'edge-a', { timeoutMs: 20_000 });
    killedAtMs = nowMs();
    await agents.get('edge-a')?.kill();
    await client.waitForAnswerFrom('cam-1', understudyNode, {
      sinceMs: killedAtMs,
      timeoutMs: 20_000,
    });
    reprotection = await waitPublished(events, { reason: 'failover', node: 'edge-a' }, PLAN_WAIT);
    await waitApplied(events, { version: reprotection, nodes: ['edge-b', 'edge-c'] }, PLAN_WAIT);
  }, 60_000);

  afterAll(async () => {
    await client?.stop();
  });

  it('records one recovery per application of the failed node, timed from the fault', async () => {
    const recovered = await eventsOf(server.call, 'app.recovered');
    expect(recovered.map((event) => event.data.app)).toEqual(['cam-1']);
    const data = recovered[0]?.data;
    expect(data).toMatchObject({ failedNode: 'edge-a', node: understudyNode, mode: 'warm' });
    expect(data?.recoveryMs).toBeGreaterThanOrEqual(data?.detectionMs ?? Infinity);
    expect(data?.recoveryMs).toBeLessThan(500);
    const metrics = String((await server.call('GET', '/metrics')).body);
    expect(metrics).toMatch(/understudy_app_recovery_seconds_count\{mode="warm"\} 1/);
  });

  it('re-protects without the failed node, keeping the app where its understudy serves', async () => {
    const plan = await planOf(server.call, reprotection);
    expect(plan.version).toBeGreaterThan(firstPlan);
    const cam1 = plan.assignments.find((assignment) => assignment.app === 'cam-1');
    expect(cam1?.primary.node).toBe(understudyNode);
    expect(cam1?.understudy?.node).toBeDefined();
    expect(cam1?.understudy?.node).not.toBe('edge-a');
    for (const assignment of plan.assignments) {
      expect(assignment.primary.node).not.toBe('edge-a');
      expect(assignment.understudy?.node).not.toBe('edge-a');
    }
    expect(plan.unprotected).toEqual([]);
  });

  it('keeps the node fenced after its agent restarts, until the hold-down passes', async () => {
    const restarted = await startAgent(zoo, server.prefix, 'edge-a');
    agents.set('edge-a', restarted);
    const node = (await server.call('GET', '/v1/nodes/edge-a')).body as Schemas['Node'];
    expect(node.status).toBe('down');
    const readmitted = await waitUntil('edge-a re-admitted', async () =>
      (await eventsOf(server.call, 'node.recovered')).find(
        (event) => event.data.node === 'edge-a' && event.data.from === 'down',
      ),
    );
    expect(readmitted.data.steadyForMs).toBeGreaterThanOrEqual(HOLD_DOWN_MS);
    failBack = await waitPublished(events, { reason: 'fail-back', node: 'edge-a' }, PLAN_WAIT);
    await waitApplied(events, { version: failBack, nodes: NODES }, PLAN_WAIT);
  }, 30_000);

  it('fails back: the app returns to its pinned node at its own variant', async () => {
    const plan = await planOf(server.call, failBack);
    const cam1 = plan.assignments.find((assignment) => assignment.app === 'cam-1');
    expect(cam1?.primary).toMatchObject({ node: 'edge-a', variant: 'resnet50' });
    const answer = await client.waitForAnswerFrom('cam-1', 'edge-a', {
      sinceMs: nowMs() - 1000,
      timeoutMs: 20_000,
    });
    expect(answer).toMatchObject({ variant: 'resnet50', role: 'primary' });
  });

  it('answers every client request through the whole of it', async () => {
    await client.stop();
    expect(client.failuresOf('cam-1')).toEqual([]);
    expect(client.answersOf('cam-1').length).toBeGreaterThan(50);
  });

  it('publishes exactly one plan per cause', async () => {
    const reasons = (await eventsOf(server.call, 'plan.published')).map(
      (event) => event.data.reason,
    );
    expect(reasons).toEqual(['requested', 'failover', 'fail-back']);
  });
});
