/**
 * The planner cut off from a node that still serves: every packet between the node's host and
 * the planner (and Redis, on the same address) is dropped, while the other agent and the
 * clients — which call the node directly — still reach it. The planner stops hearing its
 * heartbeats, but the other agent's probe reaches it: the node is suspected, with that
 * evidence, and not failed over; clients see no error. After the heal it is up again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientLoop } from '../../kit/client-loop.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { RedisServer } from '../../kit/redis-server.ts';
import { TestHosts } from '../../kit/test-hosts.ts';
import type { TestHost } from '../../kit/test-hosts.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { IMAGE, resnetFamily, solveAndApply } from './support/cluster.ts';

const unavailable = await TestHosts.unavailable();
if (unavailable !== undefined) console.warn(`planner partition tests skipped: ${unavailable}`);

/** Longer than the heartbeats in Redis take to call a node dead (1 s), and several probe rounds. */
const PARTITION_MS = 4_000;

describe.skipIf(unavailable !== undefined)('the planner cut off from a serving node', () => {
  let zoo: TestZoo;
  let hosts: TestHosts;
  let plannerAddress: string;
  let redis: RedisServer;
  let server: TestServer;
  let events: EventFollower;
  let edgeA: AgentProcess;
  let edgeB: AgentProcess;
  let hostA: TestHost;
  let client: ClientLoop;

  const startAgent = async (host: TestHost, nodeId: string) =>
    UnderstudyProcess.agent({
      ...host.agentOptions(),
      nodeId,
      redisUrl: redis.url,
      prefix: server.prefix,
      modelDir: await zoo.tempDir(nodeId),
      memoryMiB: 64,
    });

  beforeAll(async () => {
    zoo = await buildTestZoo();
    hosts = await TestHosts.create({ name: 'planner-partition' });
    // The planner and Redis on an address of their own, so the cut spares the clients.
    plannerAddress = await hosts.addRootAddress();
    redis = await RedisServer.start({ host: plannerAddress });
    server = await startTestServer({
      label: 'planner-partition',
      host: plannerAddress,
      redisUrl: redis.url,
      controller: { holdDownMs: 300 },
    });
    events = await EventFollower.start({
      source: new RedisEventSource({ redisUrl: redis.url, prefix: server.prefix }),
    });
    hostA = await hosts.addHost('a');
    const hostB = await hosts.addHost('b');
    [edgeA, edgeB] = await Promise.all([startAgent(hostA, 'edge-a'), startAgent(hostB, 'edge-b')]);
    await server.must('PUT', '/v1/families/resnet-like', { body: resnetFamily(zoo) });
    await server.must('PUT', '/v1/apps/cam-1', {
      body: {
        family: 'resnet-like',
        primaryVariant: 'resnet50',
        primaryNode: 'edge-a',
        slo: { maxRecoveryMs: 2000, minAccuracy: 0.6 },
      },
    });
    await solveAndApply(new ApiClient({ baseUrl: server.url }), events, ['edge-a', 'edge-b']);
    client = ClientLoop.start({
      baseUrl: edgeA.url,
      via: 'agent',
      apps: [{ app: 'cam-1', body: JSON.stringify(IMAGE) }],
    });
    await client.waitForAnswerFrom('cam-1', 'edge-a', { timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    await client?.stop();
    await Promise.all([edgeA?.kill(), edgeB?.kill()]);
    await events?.stop();
    await server?.dispose();
    await redis?.stop();
    await hosts?.destroy();
    await zoo?.dispose();
  });

  it('suspects the node on the evidence that another agent still reaches it', async () => {
    await hostA.drop({ peer: plannerAddress });
    const suspected = await events.waitForType(
      'edge-a suspected',
      'node.suspected',
      (event) => event.data.node === 'edge-a',
      { timeoutMs: 5_000 },
    );
    expect(suspected.data.evidence?.probes).toContainEqual(
      expect.objectContaining({ via: 'edge-b', result: 'reachable' }),
    );
    expect(suspected.data.evidence?.phi).toBeGreaterThanOrEqual(8);
  }, 10_000);

  it('fails nothing over while it is cut off, and clients keep their answers', async () => {
    const sinceMs = nowMs();
    await new Promise((resolve) => setTimeout(resolve, PARTITION_MS));
    await client.waitForAnswerFrom('cam-1', 'edge-a', { sinceMs, timeoutMs: 1_000 });
    expect(events.ofType('node.failed')).toEqual([]);
    await hostA.undrop();
    await events.waitForType(
      'edge-a up again',
      'node.recovered',
      (event) => event.data.node === 'edge-a' && event.data.from === 'suspect',
      { timeoutMs: 10_000 },
    );
    expect(events.ofType('node.failed')).toEqual([]);
  }, 20_000);

  it('answers every client request through the whole of it', async () => {
    await client.stop();
    expect(client.failuresOf('cam-1')).toEqual([]);
  });
});
