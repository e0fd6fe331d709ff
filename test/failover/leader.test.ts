/**
 * Two planners (real `serve` processes) against one Redis; the leading one is SIGKILLed the
 * moment it has declared an agent failed — in the middle of the failover. The standby takes
 * over, finishes the job (recovery events, re-protection plan), and nothing is done twice.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientLoop } from '../../kit/client-loop.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { waitApplied, waitPublished } from '../../kit/plan-waits.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import {
  callAt,
  eventsOf,
  followEvents,
  PLAN_WAIT,
  resnetFamily,
  routerClient,
  solveAndApply,
  startAgent,
} from './support/cluster.ts';

const prefix = uniquePrefix('leader');
const redis = new Redis(TEST_REDIS_URL);
let zoo: TestZoo;
let planners: UnderstudyProcess[] = [];
let edgeA: AgentProcess;
let edgeB: AgentProcess;
let leader: UnderstudyProcess;
let standby: UnderstudyProcess;
let events: EventFollower;
const call = callAt(() => standby.url);

/** The planner whose process id the lease names (`host:pid:random`). */
async function leading(): Promise<UnderstudyProcess | undefined> {
  const holder = await redis.get(`{${prefix}}:leader`);
  const pid = Number(holder?.split(':')[1]);
  return planners.find((planner) => planner.pid === pid && planner.running);
}

beforeAll(async () => {
  zoo = await buildTestZoo();
  events = await followEvents(prefix);
  const serve = () =>
    UnderstudyProcess.serve({ prefix, redisUrl: TEST_REDIS_URL, args: ['--log-level', 'info'] });
  planners = await Promise.all([serve(), serve()]);
  leader = await waitUntil('a leader', leading);
  standby = planners.find((planner) => planner !== leader) ?? leader;
  [edgeA, edgeB] = await Promise.all([
    startAgent(zoo, prefix, 'edge-a'),
    startAgent(zoo, prefix, 'edge-b'),
  ]);
  await call('PUT', '/v1/families/resnet-like', { body: resnetFamily(zoo) });
  await call('PUT', '/v1/apps/cam-1', {
    body: {
      family: 'resnet-like',
      primaryVariant: 'resnet50',
      primaryNode: 'edge-a',
      slo: { maxRecoveryMs: 500, minAccuracy: 0.6 },
    },
  });
  await solveAndApply(new ApiClient({ baseUrl: standby.url }), events, ['edge-a', 'edge-b']);
}, 90_000);

afterAll(async () => {
  await Promise.all([edgeA?.kill(), edgeB?.kill(), ...planners.map((planner) => planner.stop())]);
  await events?.stop();
  await deletePrefix(prefix);
  redis.disconnect();
  await zoo?.dispose();
});

describe('when the leading planner dies in the middle of a failover', () => {
  let client: ClientLoop;
  let takeoverMs = 0;

  beforeAll(async () => {
    client = routerClient(() => standby.url, 'cam-1');
    await client.waitForAnswerFrom('cam-1', 'edge-a', { timeoutMs: 20_000 });
    await edgeA.kill();
    await waitUntil('edge-a declared failed', async () =>
      (await eventsOf(call, 'node.failed')).find((event) => event.data.node === 'edge-a'),
    );
    leader.signal('SIGKILL');
    const killedAtMs = Date.now();
    await waitUntil('the standby to lead', async () =>
      (await leading()) === standby ? true : undefined,
    );
    takeoverMs = Date.now() - killedAtMs;
    const failover = await waitPublished(events, { reason: 'failover', node: 'edge-a' }, PLAN_WAIT);
    await waitApplied(events, { version: failover, nodes: ['edge-b'] }, PLAN_WAIT);
  }, 60_000);

  afterAll(async () => {
    await client?.stop();
  });

  it('hands leadership to the standby within 2 s', () => {
    expect(takeoverMs).toBeLessThan(2000);
  });

  it('finishes the failover once: one failure, one recovery event, one re-protection plan', async () => {
    const failed = await eventsOf(call, 'node.failed');
    expect(failed.map((event) => event.data.node)).toEqual(['edge-a']);
    const recovered = await eventsOf(call, 'app.recovered');
    expect(recovered.map((event) => event.data.app)).toEqual(['cam-1']);
    const published = await eventsOf(call, 'plan.published');
    expect(published.map((event) => event.data.reason)).toEqual(['requested', 'failover']);
  });

  it('answers every client request through the standby router', async () => {
    await client.stop();
    expect(client.failuresOf('cam-1')).toEqual([]);
    expect(client.answersOf('cam-1').at(-1)).toMatchObject({ node: 'edge-b', status: 200 });
  });
});
