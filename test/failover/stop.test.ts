/**
 * A stopped agent (SIGSTOP): its process is alive, its port accepts connections, it just does
 * not answer — only the heartbeats tell. Its direct heartbeats stop, the planner's probe and
 * the other agent's find it unreachable, and it is declared failed and failed over;
 * after SIGCONT it learns it was declared failed and fences itself, beats through its
 * hold-down, and is re-admitted by the fail-back plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { ClientLoop } from '../../kit/client-loop.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { waitApplied, waitPublished } from '../../kit/plan-waits.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { get } from '../../kit/http.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { nodeOf } from '../../core/events.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import {
  allEvents,
  eventsOf,
  followEvents,
  PLAN_WAIT,
  putCamOnEdgeA,
  routerClient,
  solveAndApply,
  startAgent,
} from './support/cluster.ts';

type Schemas = components['schemas'];

const HOLD_DOWN_MS = 1500;
let zoo: TestZoo;
let server: TestServer;
let events: EventFollower;
let edgeA: AgentProcess;
let edgeB: AgentProcess;

beforeAll(async () => {
  zoo = await buildTestZoo();
  server = await startTestServer({ label: 'stop', controller: { holdDownMs: HOLD_DOWN_MS } });
  events = await followEvents(server.prefix);
  [edgeA, edgeB] = await Promise.all([
    startAgent(zoo, server.prefix, 'edge-a'),
    startAgent(zoo, server.prefix, 'edge-b'),
  ]);
  await putCamOnEdgeA(server, zoo);
  await solveAndApply(new ApiClient({ baseUrl: server.url }), events, ['edge-a', 'edge-b']);
}, 90_000);

afterAll(async () => {
  edgeA?.signal('SIGCONT');
  await Promise.all([edgeA?.kill(), edgeB?.kill()]);
  await events?.stop();
  await server?.dispose();
  await zoo?.dispose();
});

describe('when the agent serving an application is stopped (SIGSTOP)', () => {
  let client: ClientLoop;
  let stoppedAtMs = 0;

  beforeAll(async () => {
    client = routerClient(() => server.url, 'cam-1');
    await client.waitForAnswerFrom('cam-1', 'edge-a', { timeoutMs: 20_000 });
    stoppedAtMs = nowMs();
    edgeA.signal('SIGSTOP');
    await client.waitForAnswerFrom('cam-1', 'edge-b', { sinceMs: stoppedAtMs, timeoutMs: 20_000 });
  }, 30_000);

  afterAll(async () => {
    await client?.stop();
  });

  it('declares it failed once, on its silence and probes that found it unreachable', async () => {
    const failed = await events.waitForType(
      'edge-a failed',
      'node.failed',
      (event) => event.data.node === 'edge-a',
      { timeoutMs: 5_000 },
    );
    expect(failed.data.cause).toBe('heartbeat-timeout');
    const probes = failed.data.evidence?.probes ?? [];
    expect(probes.map((probe) => probe.via).sort()).toEqual(['edge-b', 'planner']);
    expect(probes.every((probe) => probe.result === 'unreachable')).toBe(true);
    expect(failed.data.evidence?.phi).toBeGreaterThanOrEqual(8);
    const ofEdgeA = (await allEvents(server.call)).filter((event) => nodeOf(event) === 'edge-a');
    expect(ofEdgeA.filter((event) => event.type === 'node.failed')).toHaveLength(1);
  });

  it('fails the application over to its understudy, with a recovery event', async () => {
    const recovered = await waitUntil('the recovery event', async () => {
      const events = await eventsOf(server.call, 'app.recovered');
      return events.length > 0 ? events : undefined;
    });
    expect(recovered.map((event) => event.data)).toEqual([
      expect.objectContaining({ app: 'cam-1', failedNode: 'edge-a', node: 'edge-b' }),
    ]);
    const failover = await waitPublished(events, { reason: 'failover', node: 'edge-a' }, PLAN_WAIT);
    await waitApplied(events, { version: failover, nodes: ['edge-b'] }, PLAN_WAIT);
  });

  it('after SIGCONT: fences itself, stays out through the hold-down, then is re-admitted', async () => {
    edgeA.signal('SIGCONT');
    const fenced = await waitUntil('edge-a fenced', async () =>
      (await eventsOf(server.call, 'node.fenced')).find((event) => event.data.node === 'edge-a'),
    );
    expect(fenced.data.released).toBeGreaterThan(0);
    const state = (await get(`${edgeA.url}/v1/state`)).body as { sessions: unknown[] };
    expect(state.sessions).toEqual([]);
    const node = (await server.call('GET', '/v1/nodes/edge-a')).body as Schemas['Node'];
    expect(node.status).toBe('down');
    const failBack = await waitPublished(
      events,
      { reason: 'fail-back', node: 'edge-a' },
      PLAN_WAIT,
    );
    await waitApplied(events, { version: failBack, nodes: ['edge-a', 'edge-b'] }, PLAN_WAIT);
    const readmitted = (await eventsOf(server.call, 'node.recovered')).find(
      (event) => event.data.node === 'edge-a' && event.data.from === 'down',
    );
    expect(readmitted?.data.steadyForMs).toBeGreaterThanOrEqual(HOLD_DOWN_MS);
    await client.waitForAnswerFrom('cam-1', 'edge-a', { sinceMs: nowMs(), timeoutMs: 20_000 });
  }, 30_000);

  it('answers every client request through the whole of it', async () => {
    await client.stop();
    expect(client.failuresOf('cam-1')).toEqual([]);
  });
});
