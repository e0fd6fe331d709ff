/**
 * The product end to end: the real planner in this process (API, solver, publisher,
 * controller, router), two real agent processes, zoo models. A client calls the router back to
 * back; edge-a is SIGKILLed; nothing but the system itself detects the crash, fails over and
 * re-routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import { startAgentProcess } from '../agents/support/agent-process.ts';
import type { AgentProcess } from '../agents/support/agent-process.ts';
import { post } from '../agents/support/http.ts';
import type { Reply } from '../agents/support/http.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { waitFor } from '../support/wait-for.ts';
import { eventsOf, IMAGE, resnetFamily } from './support/cluster.ts';

type Schemas = components['schemas'];

let zoo: TestZoo;
let server: TestServer;
let edgeA: AgentProcess;
let edgeB: AgentProcess;

beforeAll(async () => {
  zoo = await buildTestZoo();
  server = await startTestServer({ label: 'failover' });
  const agent = async (nodeId: string) =>
    startAgentProcess({
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
  const solve = await waitFor('the plan', async () => {
    const reply = await server.call('GET', String(started.headers.get('location')));
    const body = reply.body as Schemas['Solve'];
    return body.status === 'published' ? body : undefined;
  });
  await waitFor('both agents to apply it', async () => {
    const events = await eventsOf(server.call, 'plan.applied');
    const nodes = new Set(
      events
        .filter((event) => event.data.planVersion === solve.planVersion)
        .map((event) => event.data.node),
    );
    return nodes.has('edge-a') && nodes.has('edge-b') ? true : undefined;
  });
  await waitFor("the controller's watch on edge-a", async () => {
    const metrics = String((await server.call('GET', '/metrics')).body);
    return metrics.includes('understudy_agent_watch_open{node="edge-a"} 1') ? true : undefined;
  });
  await waitFor('cam-1 routed to edge-a', async () => {
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
  const replies: Array<Reply & { atMs: number }> = [];
  const failures: unknown[] = [];
  let killedAtMs = 0;

  beforeAll(async () => {
    let stopped = false;
    const client = (async () => {
      while (!stopped) {
        await post(`${server.url}/v1/apps/cam-1/infer`, IMAGE).then(
          (reply) => replies.push({ ...reply, atMs: Date.now() }),
          (error: unknown) => failures.push(error),
        );
      }
    })();
    await waitFor('a few answers from edge-a', async () =>
      replies.length >= 5 ? true : undefined,
    );
    killedAtMs = Date.now();
    await edgeA.kill();
    await waitFor('an answer from edge-b', async () =>
      replies.some((reply) => (reply.body as { node?: string }).node === 'edge-b')
        ? true
        : undefined,
    );
    stopped = true;
    await client;
  }, 30_000);

  it('detects the crash on the fast path and declares it once', async () => {
    const failed = (await eventsOf(server.call, 'node.failed')).filter(
      (event) => event.data.node === 'edge-a',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ cause: 'process-exited' });
  });

  it('answers every client request, from the understudy on edge-b after the kill', () => {
    expect(failures).toEqual([]);
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    expect(replies.at(-1)?.body).toMatchObject({ node: 'edge-b', role: 'understudy' });
  });

  it('records the failover with timestamps and recovers well within the SLO', async () => {
    const served = (await eventsOf(server.call, 'failover.served')).find(
      (event) => event.data.app === 'cam-1',
    );
    expect(served?.data).toMatchObject({ node: 'edge-b' });
    const firstFromB = replies.find((reply) => (reply.body as { node?: string }).node === 'edge-b');
    // Recovery as the design defines it: kill to the first answer from the understudy.
    expect((firstFromB?.atMs ?? Infinity) - killedAtMs).toBeLessThan(500);
  });
});
