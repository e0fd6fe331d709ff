import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { components as AgentComponents } from '../../openapi/agent-types.ts';
import { createStore } from '../../src/store/index.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { floatInput, get, post } from '../../kit/http.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { buildTestZoo } from './support/test-zoo.ts';
import type { TestZoo } from './support/test-zoo.ts';
import { nodeFailedData } from '../../kit/event-payloads.ts';

type Event = components['schemas']['Event'];
type AgentState = AgentComponents['schemas']['AgentState'];

const prefix = uniquePrefix('agent-failover');
const IMAGE = floatInput('image', [1, 3, 32, 32]);
let zoo: TestZoo;
let primaryNode: AgentProcess;
let standbyNode: AgentProcess;
let plans: PlanQueue;
let watch: EventFollower;
/** Appends events as the controller would. */
const redis = new Redis(TEST_REDIS_URL);
const store = createStore({ redis, prefix });

beforeAll(async () => {
  zoo = await buildTestZoo();
  watch = await EventFollower.start({
    source: new RedisEventSource({ redisUrl: TEST_REDIS_URL, prefix }),
    from: 'now',
  });
  plans = new PlanQueue({ redisUrl: TEST_REDIS_URL, prefix });
  [primaryNode, standbyNode] = await Promise.all([
    UnderstudyProcess.agent({
      redisUrl: TEST_REDIS_URL,
      nodeId: 'edge-a',
      prefix,
      modelDir: await zoo.tempDir('a'),
      memoryMiB: 64,
    }),
    UnderstudyProcess.agent({
      redisUrl: TEST_REDIS_URL,
      nodeId: 'edge-b',
      prefix,
      modelDir: await zoo.tempDir('b'),
      memoryMiB: 64,
    }),
  ]);
  const warm = zoo.ref('resnet-like', 'resnet18');
  const planned = zoo.ref('efficientnet-like', 'efficientnet_b3');
  const firstStep = zoo.ref('efficientnet-like', 'efficientnet_b0');
  await Promise.all([
    plans.mustApply(
      planSlice('edge-a', 1, {
        sessions: [
          {
            app: 'vision-warm',
            role: 'primary',
            serving: true,
            model: zoo.ref('resnet-like', 'resnet50'),
          },
          {
            app: 'vision-cold',
            role: 'primary',
            serving: true,
            model: zoo.ref('efficientnet-like', 'efficientnet_b4'),
          },
        ],
        stage: [zoo.ref('linear-probe', 'probe_small')],
        failover: [
          {
            failedNode: 'edge-b',
            actions: [
              { app: 'local', mode: 'cold', model: zoo.ref('linear-probe', 'probe_small') },
            ],
          },
        ],
      }),
    ),
    plans.mustApply(
      planSlice('edge-b', 1, {
        sessions: [
          {
            app: 'local',
            role: 'primary',
            serving: true,
            model: zoo.ref('linear-probe', 'probe_small'),
          },
          { app: 'vision-warm', role: 'understudy', serving: false, model: warm },
        ],
        stage: [planned, firstStep, zoo.ref('linear-probe', 'probe_medium')],
        failover: [
          {
            failedNode: 'edge-a',
            actions: [
              { app: 'vision-warm', mode: 'warm', model: warm },
              { app: 'vision-cold', mode: 'cold', model: planned, firstStep },
            ],
          },
          {
            failedNode: 'edge-c',
            actions: [
              { app: 'third', mode: 'cold', model: zoo.ref('linear-probe', 'probe_medium') },
            ],
          },
        ],
      }),
    ),
  ]);
});

afterAll(async () => {
  await Promise.all([primaryNode?.kill(), standbyNode?.stop()]);
  await plans?.close();
  await watch?.stop();
  redis.disconnect();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

const position = (event: Event) => watch.events.indexOf(event);
const isFailover = (type: Event['type'], app: string) => (event: Event) =>
  event.type === type && 'app' in event.data && event.data.app === app;

describe('FailoverExecutor', () => {
  describe('before any failure', () => {
    it('has two agents serving their own primaries from the queue', async () => {
      const onA = await post(`${primaryNode.url}/v1/infer/vision-cold`, IMAGE);
      const onB = await post(`${standbyNode.url}/v1/infer/local`, floatInput('features', [1, 512]));
      expect(onA.body).toMatchObject({
        node: 'edge-a',
        variant: 'efficientnet_b4',
        planVersion: 1,
      });
      expect(onB.body).toMatchObject({ node: 'edge-b', variant: 'probe_small', planVersion: 1 });
      expect((await post(`${standbyNode.url}/v1/infer/vision-warm`, IMAGE)).status).toBe(409);
    });
  });

  describe('when edge-a crashes and is declared failed', () => {
    let failed: Event;

    beforeAll(async () => {
      await primaryNode.kill();
      const id = await store.events.append(
        'node.failed',
        nodeFailedData({ node: 'edge-a', planVersion: 1 }),
      );
      failed = await watch.waitFor('the node.failed appended', (event) => event.id === id);
      await watch.waitFor(
        'failover.upgraded for vision-cold',
        isFailover('failover.upgraded', 'vision-cold'),
      );
    });

    it('activates the warm understudy with started and served events', async () => {
      const started = await watch.waitFor(
        'failover.started for vision-warm',
        isFailover('failover.started', 'vision-warm'),
      );
      const served = await watch.waitFor(
        'failover.served for vision-warm',
        isFailover('failover.served', 'vision-warm'),
      );
      expect(served.data).toMatchObject({
        node: 'edge-b',
        failedNode: 'edge-a',
        mode: 'warm',
        step: 'warm',
        variant: 'resnet18',
        planVersion: 1,
        trigger: failed.id,
      });
      expect(served.data).not.toHaveProperty('note');
      expect(position(started)).toBeLessThan(position(served));
      expect(served.atMs).toBeGreaterThanOrEqual(failed.atMs ?? 0);
      expect(served.atMs).toBeGreaterThanOrEqual(started.atMs ?? 0);
    });

    it('serves the app from the warm replica', async () => {
      const reply = await post(`${standbyNode.url}/v1/infer/vision-warm`, IMAGE);
      expect(reply.body).toMatchObject({
        node: 'edge-b',
        variant: 'resnet18',
        role: 'understudy',
        planVersion: 1,
      });
    });

    it('brings up the cold understudy progressively: first step, then the planned variant', async () => {
      const started = await watch.waitFor(
        'failover.started for vision-cold',
        isFailover('failover.started', 'vision-cold'),
      );
      const served = await watch.waitFor(
        'failover.served for vision-cold',
        isFailover('failover.served', 'vision-cold'),
      );
      const upgraded = await watch.waitFor(
        'failover.upgraded for vision-cold',
        isFailover('failover.upgraded', 'vision-cold'),
      );
      expect(started.data).toMatchObject({
        mode: 'cold',
        step: 'first-step',
        variant: 'efficientnet_b0',
        plannedVariant: 'efficientnet_b3',
      });
      expect(served.data).toMatchObject({
        mode: 'cold',
        step: 'first-step',
        variant: 'efficientnet_b0',
      });
      expect(upgraded.data).toMatchObject({
        mode: 'cold',
        variant: 'efficientnet_b3',
        from: 'efficientnet_b0',
      });
      expect(position(started)).toBeLessThan(position(served));
      expect(position(served)).toBeLessThan(position(upgraded));
      expect(upgraded.atMs).toBeGreaterThan(served.atMs ?? 0);
    });

    it('answers with the planned variant and has released the first step', async () => {
      const reply = await post(`${standbyNode.url}/v1/infer/vision-cold`, IMAGE);
      expect(reply.body).toMatchObject({
        node: 'edge-b',
        variant: 'efficientnet_b3',
        role: 'understudy',
      });
      const state = (await get(`${standbyNode.url}/v1/state`)).body as AgentState;
      const cold = state.sessions.filter((session) => session.app === 'vision-cold');
      expect(
        cold.map((session) => [session.variant, session.active, session.activatedFor]),
      ).toEqual([['efficientnet_b3', true, 'edge-a']]);
    });
  });

  describe('when a failure event names a plan version the node does not hold', () => {
    it('acts on the table it holds and says so in the events', async () => {
      await store.events.append('node.failed', nodeFailedData({ node: 'edge-a', planVersion: 1 }));
      await store.events.append('node.failed', nodeFailedData({ node: 'edge-c', planVersion: 9 }));
      const served = await watch.waitFor(
        'failover.served for third',
        isFailover('failover.served', 'third'),
      );
      expect(served.data).toMatchObject({
        failedNode: 'edge-c',
        planVersion: 1,
        eventPlanVersion: 9,
        note: 'acted on the failover table of plan 1, the one this node holds; the failure event names plan 9',
      });
      // The repeated edge-a event came first and was ignored: edge-a was failed over once.
      expect(watch.ofType('failover.started', 'vision-warm')).toHaveLength(1);
      expect(
        (await post(`${standbyNode.url}/v1/infer/third`, floatInput('features', [1, 512]))).body,
      ).toMatchObject({ variant: 'probe_medium' });
    });
  });
});
