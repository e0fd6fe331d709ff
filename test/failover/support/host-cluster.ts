/**
 * A two-node cluster on test hosts (kit/test-hosts.ts): edge-a and edge-b each in a network
 * namespace of its own, a private Redis and the planner in the root namespace on the bridge
 * (or on an address of their own, so a cut of that address spares clients), cam-1 pinned on
 * edge-a with a plan applied on both nodes. What the partition tests share.
 */
import { EventFollower } from '../../../kit/event-follower.ts';
import { RedisEventSource } from '../../../kit/redis-event-source.ts';
import { RedisServer } from '../../../kit/redis-server.ts';
import { TestHosts } from '../../../kit/test-hosts.ts';
import type { TestHost } from '../../../kit/test-hosts.ts';
import { UnderstudyProcess } from '../../../kit/understudy-process.ts';
import type { AgentProcess } from '../../../kit/understudy-process.ts';
import { ApiClient } from '../../../src/client/api-client.ts';
import { buildTestZoo } from '../../agents/support/test-zoo.ts';
import { startTestServer } from '../../support/api-server.ts';
import type { TestServer } from '../../support/api-server.ts';
import { putCamOnEdgeA, solveAndApply } from './cluster.ts';

export interface HostCluster {
  hosts: TestHosts;
  /** Where the planner and Redis listen. */
  plannerAddress: string;
  redis: RedisServer;
  server: TestServer;
  events: EventFollower;
  hostA: TestHost;
  edgeA: AgentProcess;
  edgeB: AgentProcess;
  /** Stops everything it started, whatever got started. */
  dispose(): Promise<void>;
}

export async function startHostCluster(options: {
  label: string;
  holdDownMs: number;
  /** Give the planner and Redis an address of their own on the bridge. Default false. */
  ownPlannerAddress?: boolean;
}): Promise<HostCluster> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const dispose = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const zoo = await buildTestZoo();
    cleanups.push(() => zoo.dispose());
    const hosts = await TestHosts.create({ name: options.label });
    cleanups.push(() => hosts.destroy());
    const plannerAddress = options.ownPlannerAddress ? await hosts.addRootAddress() : hosts.address;
    const redis = await RedisServer.start({ host: plannerAddress });
    cleanups.push(() => redis.stop());
    const server = await startTestServer({
      label: options.label,
      host: plannerAddress,
      redisUrl: redis.url,
      controller: { holdDownMs: options.holdDownMs },
    });
    cleanups.push(() => server.dispose());
    const events = await EventFollower.start({
      source: new RedisEventSource({ redisUrl: redis.url, prefix: server.prefix }),
    });
    cleanups.push(() => events.stop());
    const agentOn = async (host: TestHost, nodeId: string) => {
      const agent = await UnderstudyProcess.agent({
        ...host.agentOptions(),
        nodeId,
        redisUrl: redis.url,
        prefix: server.prefix,
        modelDir: await zoo.tempDir(nodeId),
        memoryMiB: 64,
      });
      cleanups.push(() => agent.kill());
      return agent;
    };
    const hostA = await hosts.addHost('a');
    const hostB = await hosts.addHost('b');
    const [edgeA, edgeB] = await Promise.all([agentOn(hostA, 'edge-a'), agentOn(hostB, 'edge-b')]);
    await putCamOnEdgeA(server, zoo);
    await solveAndApply(new ApiClient({ baseUrl: server.url }), events, ['edge-a', 'edge-b']);
    return { hosts, plannerAddress, redis, server, events, hostA, edgeA, edgeB, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
