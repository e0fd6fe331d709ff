/**
 * The planner cut off from a node that still serves: every packet between the node's host and
 * the planner (and Redis, on the same address) is dropped, while the other agent and the
 * clients — which call the node directly — still reach it. The planner stops hearing its
 * heartbeats, but the other agent's probe reaches it: the node is suspected, with that
 * evidence, and not failed over; clients see no error. After the heal it is up again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientLoop } from '../../kit/client-loop.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { TestHosts } from '../../kit/test-hosts.ts';
import { IMAGE } from './support/cluster.ts';
import { startHostCluster } from './support/host-cluster.ts';
import type { HostCluster } from './support/host-cluster.ts';

const unavailable = await TestHosts.unavailable();
if (unavailable !== undefined) console.warn(`planner partition tests skipped: ${unavailable}`);

/** Longer than the heartbeats in Redis take to call a node dead (1 s), and several probe rounds. */
const PARTITION_MS = 4_000;

describe.skipIf(unavailable !== undefined)('the planner cut off from a serving node', () => {
  let cluster: HostCluster;
  let events: EventFollower;
  let client: ClientLoop;

  beforeAll(async () => {
    // The planner and Redis on an address of their own, so the cut spares the clients.
    cluster = await startHostCluster({
      label: 'planner-partition',
      holdDownMs: 300,
      ownPlannerAddress: true,
    });
    events = cluster.events;
    client = ClientLoop.start({
      baseUrl: cluster.edgeA.url,
      via: 'agent',
      apps: [{ app: 'cam-1', body: JSON.stringify(IMAGE) }],
    });
    await client.waitForAnswerFrom('cam-1', 'edge-a', { timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    await client?.stop();
    await cluster?.dispose();
  });

  it('suspects the node on the evidence that another agent still reaches it', async () => {
    await cluster.hostA.drop({ peer: cluster.plannerAddress });
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
    await cluster.hostA.undrop();
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
