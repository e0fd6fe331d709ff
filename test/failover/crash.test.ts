/**
 * The product end to end: the real planner in this process (API, solver, publisher,
 * controller, router), two real agent processes, zoo models. A client calls the router back to
 * back; edge-a is SIGKILLed; nothing but the system itself detects the crash, fails over and
 * re-routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientLoop } from '../../kit/client-loop.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import type { components } from '../../openapi/types.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { eventsOf, resnetFamily, routerClient } from './support/cluster.ts';

type Schemas = components['schemas'];

let zoo: TestZoo;
let server: TestServer;
let edgeA: AgentProcess;
let edgeB: AgentProcess;

beforeAll(async () => {
  zoo = await buildTestZoo();
  server = await startTestServer({ label: 'failover' });
  const agent = async (nodeId: string) =>
    UnderstudyProcess.agent({
      redisUrl: TEST_REDIS_URL,
      nodeId,
      prefix: server.prefix,
      modelDir: await zoo.tempDir(nodeId),
      memoryMiB: 64,
    });
  [edgeA, edgeB] = await Promise.all([agent('edge-a'), agent('edge-b')]);
  await server.must('PUT', '/v1/families/resnet-like', { body: resnetFamily(zoo) });
  await server.must('PUT', '/v1/apps/cam-1', {
    body: {
      family: 'resnet-like',
      primaryVariant: 'resnet50',
      primaryNode: 'edge-a',
      slo: { maxRecoveryMs: 500, minAccuracy: 0.6 },
    },
  });
  const started = await server.must('POST', '/v1/plans', { body: {} });
  const solve = await waitUntil('the plan', async () => {
    const reply = await server.call('GET', String(started.headers.get('location')));
    const body = reply.body as Schemas['Solve'];
    return body.status === 'published' ? body : undefined;
  });
  await waitUntil('both agents to apply it', async () => {
    const events = await eventsOf(server.call, 'plan.applied');
    const nodes = new Set(
      events
        .filter((event) => event.data.planVersion === solve.planVersion)
        .map((event) => event.data.node),
    );
    return nodes.has('edge-a') && nodes.has('edge-b') ? true : undefined;
  });
  await waitUntil("the controller's watch on edge-a", async () => {
    const metrics = String((await server.call('GET', '/metrics')).body);
    return metrics.includes('understudy_agent_watch_open{node="edge-a"} 1') ? true : undefined;
  });
  await waitUntil('cam-1 routed to edge-a', async () => {
    const route = (await server.call('GET', '/v1/apps/cam-1/route')).body as Schemas['Route'];
    return route.state === 'serving' && route.node === 'edge-a' ? route : undefined;
  });
}, 90_000);

afterAll(async () => {
  await Promise.all([edgeA?.kill(), edgeB?.kill()]);
  await server?.dispose();
  await zoo?.dispose();
});

describe('when the agent serving an application is killed under load', () => {
  let client: ClientLoop;
  let killedAtMs = 0;

  beforeAll(async () => {
    client = routerClient(() => server.url, 'cam-1');
    await waitUntil('a few answers from edge-a', () =>
      client.answersOf('cam-1').length >= 5 ? true : undefined,
    );
    killedAtMs = nowMs();
    await edgeA.kill();
    await client.waitForAnswerFrom('cam-1', 'edge-b', { sinceMs: killedAtMs });
    await client.stop();
  }, 30_000);

  it('detects the crash on the fast path and declares it once', async () => {
    const failed = (await eventsOf(server.call, 'node.failed')).filter(
      (event) => event.data.node === 'edge-a',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ cause: 'process-exited' });
  });

  it('answers every client request, from the understudy on edge-b after the kill', () => {
    expect(client.failuresOf('cam-1')).toEqual([]);
    expect(client.answersOf('cam-1').at(-1)).toMatchObject({ node: 'edge-b', role: 'understudy' });
  });

  it('records the failover with timestamps and recovers well within the SLO', async () => {
    const served = (await eventsOf(server.call, 'failover.served')).find(
      (event) => event.data.app === 'cam-1',
    );
    expect(served?.data).toMatchObject({ node: 'edge-b' });
    const firstFromB = client.answersOf('cam-1').find((answer) => answer.node === 'edge-b');
    // Recovery as the design defines it: kill to the first answer from the understudy.
    expect((firstFromB?.atMs ?? Infinity) - killedAtMs).toBeLessThan(500);
  });
});
