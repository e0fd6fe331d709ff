/**
 * Where a run's cluster lives. On loopback (the benchmark's original setting) every agent
 * listens on 127.0.0.1 and Redis is the one `--redis` names. On test hosts each node is a
 * network namespace of its own on one bridge (kit/test-hosts.ts), with a private Redis and the
 * planner on the root side, listening on the bridge's address so that the hosts reach them —
 * which is what lets a fault cut a node off without closing a connection. The hosts, the
 * Redis and the packet loss asked for last the whole run; rounds only start processes.
 */
import { randomBytes } from 'node:crypto';
import { RedisServer } from '../../kit/redis-server.ts';
import { TestHosts } from '../../kit/test-hosts.ts';
import type { TestHost } from '../../kit/test-hosts.ts';
import type { AgentOptions } from '../../kit/understudy-process.ts';
import type { Teardown } from './teardown.ts';

export type NetworkKind = 'loopback' | 'hosts';

export interface BenchNetwork {
  readonly kind: NetworkKind;
  readonly redisUrl: string;
  /** The address the planner listens on (`serve --host`). */
  readonly plannerHost: string;
  /** The planner's API token (required off loopback), sent with every change. */
  readonly apiToken: string | undefined;
  /** The address of the planner and Redis as the hosts see it; undefined on loopback. */
  readonly plannerAddress: string | undefined;
  /** A root address that is not the planner's, which direct clients bind; undefined on loopback. */
  readonly clientAddress: string | undefined;
  /** The node's host; undefined on loopback. */
  hostOf(node: string): TestHost | undefined;
  /** What `UnderstudyProcess.agent` needs to run the node's agent where it belongs. */
  placement(node: string): Pick<AgentOptions, 'launcher' | 'listen'>;
  /** Undoes every fault a host may still carry (drops, link down); loss stays. */
  heal(node: string): Promise<void>;
  /** Stops the Redis and removes the hosts (a loopback network holds nothing). */
  close(): Promise<void>;
}

export function loopbackNetwork(redisUrl: string): BenchNetwork {
  return {
    kind: 'loopback',
    redisUrl,
    plannerHost: '127.0.0.1',
    apiToken: process.env.UNDERSTUDY_API_TOKEN || undefined,
    plannerAddress: undefined,
    clientAddress: undefined,
    hostOf: () => undefined,
    placement: () => ({}),
    heal: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * One host per node, a root address for direct clients, `lossProbability` (0: none) on every
 * host's link, and a Redis on the bridge. Everything is registered with `teardown` as soon as
 * it exists, so an interrupted start leaves nothing behind either.
 */
export async function hostsNetwork(options: {
  nodes: readonly string[];
  lossProbability: number;
  teardown: Teardown;
}): Promise<BenchNetwork> {
  const { teardown } = options;
  const hosts = await TestHosts.create({ name: 'bench-mttr' });
  const forgetHosts = teardown.add('test hosts', () => hosts.destroy());
  const byNode = new Map<string, TestHost>();
  for (const node of options.nodes) byNode.set(node, await hosts.addHost(node));
  const clientAddress = await hosts.addRootAddress();
  if (options.lossProbability > 0) {
    for (const host of byNode.values()) await host.lose(options.lossProbability);
  }
  const redis = await RedisServer.start({ host: hosts.address });
  const forgetRedisProcess = teardown.track(redis.handle);
  const forgetRedis = teardown.add('redis', () => redis.stop());
  const hostOf = (node: string) => {
    const host = byNode.get(node);
    if (host === undefined) throw new Error(`no test host for ${node}`);
    return host;
  };
  return {
    kind: 'hosts',
    redisUrl: redis.url,
    plannerHost: hosts.address,
    apiToken: randomBytes(16).toString('hex'),
    plannerAddress: hosts.address,
    clientAddress,
    hostOf,
    placement: (node) => hostOf(node).agentOptions(),
    heal: async (node) => {
      await hostOf(node).undrop();
      await hostOf(node).linkUp();
    },
    close: async () => {
      await redis.stop();
      forgetRedisProcess();
      forgetRedis();
      await hosts.destroy();
      forgetHosts();
    },
  };
}
