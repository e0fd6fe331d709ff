/**
 * The router end to end: two real agents (edge-a serves `vision`, edge-b holds a warm
 * understudy), a plan in Redis, the route table following the real event stream, and a
 * client calling the router while edge-a is SIGKILLed.
 *
 * The controller (failure detection) is not wired in yet, so the test appends `node.failed`
 * itself after the kill, as the controller will.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, uniquePrefix, TEST_REDIS_URL } from '../support/redis.ts';
import { ClientLoop } from '../../kit/client-loop.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { floatInput, get, post } from '../../kit/http.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { InferForwarder } from '../../src/router/infer-forwarder.ts';
import type { VersionedRoute } from '../../src/router/route-table.ts';
import { RouteStream } from './support/route-stream.ts';
import { planOf } from '../../kit/plan-of.ts';
import { RouterHarness } from '../../kit/router-harness.ts';
import { nodeFailedData } from '../../kit/event-payloads.ts';

const prefix = uniquePrefix('router');
const IMAGE = floatInput('image', [1, 3, 32, 32]);
let zoo: TestZoo;
let edgeA: AgentProcess;
let edgeB: AgentProcess;
let plans: PlanQueue;
let router: RouterHarness;
let impatient: RouterHarness;

beforeAll(async () => {
  zoo = await buildTestZoo();
  plans = new PlanQueue({ redisUrl: TEST_REDIS_URL, prefix });
  const agent = async (nodeId: string) =>
    UnderstudyProcess.agent({
      redisUrl: TEST_REDIS_URL,
      nodeId,
      prefix,
      modelDir: await zoo.tempDir(nodeId),
      memoryMiB: 64,
    });
  [edgeA, edgeB] = await Promise.all([agent('edge-a'), agent('edge-b')]);
  const primary = zoo.ref('resnet-like', 'resnet50');
  const warm = zoo.ref('resnet-like', 'resnet18');
  await Promise.all([
    plans.mustApply(
      planSlice('edge-a', 1, {
        sessions: [{ app: 'vision', role: 'primary', serving: true, model: primary }],
      }),
    ),
    plans.mustApply(
      planSlice('edge-b', 1, {
        sessions: [{ app: 'vision', role: 'understudy', serving: false, model: warm }],
        failover: [
          { failedNode: 'edge-a', actions: [{ app: 'vision', mode: 'warm', model: warm }] },
        ],
      }),
    ),
  ]);
  router = await RouterHarness.start({ redisUrl: TEST_REDIS_URL, prefix, failoverWaitMs: 5_000 });
  impatient = await RouterHarness.start({ redisUrl: TEST_REDIS_URL, prefix, failoverWaitMs: 200 });
  await router.publishPlan(
    planOf([
      { app: 'vision', node: 'edge-a', variant: 'resnet50' },
      { app: 'ghost', node: 'edge-z', variant: 'resnet50' },
    ]),
  );
  await Promise.all(
    [router, impatient].map((harness) => harness.routes.waitForChange('vision', 0, 10_000)),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([edgeA?.kill(), edgeB?.kill()]);
  await router?.close();
  await impatient?.close();
  await plans?.close();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

const infer = (app: string, body: unknown = IMAGE, url = router.url) =>
  post(`${url}/v1/apps/${app}/infer`, body);

describe('routingRouter', () => {
  describe('before any failure', () => {
    it('forwards inference to the primary and names the retries', async () => {
      const reply = await infer('vision');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ node: 'edge-a', variant: 'resnet50', planVersion: 1 });
      expect(reply.headers.get('understudy-route-retries')).toBe('0');
    });

    it('answers the route as JSON', async () => {
      const reply = await get(`${router.url}/v1/apps/vision/route`);
      expect(reply.body).toEqual({
        app: 'vision',
        state: 'serving',
        node: 'edge-a',
        address: edgeA.url.replace('http://', ''),
        variant: 'resnet50',
        role: 'primary',
        planVersion: 1,
        version: expect.any(Number) as number,
      });
    });

    it('passes the agent’s validation errors through without retrying', async () => {
      const reply = await infer('vision', floatInput('image', [1, 3, 8, 8]));
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(reply.headers.get('understudy-route-retries')).toBe('0');
    });

    it('sends again where the route moves when a node answers 409 APP_NOT_ACTIVE', async () => {
      // A stale route on edge-b, whose warm understudy is idle, then the right one on edge-a.
      const right = router.routes.get('vision') as VersionedRoute;
      const stale = { ...right, node: 'edge-b', address: edgeB.url.replace('http://', '') };
      let current: VersionedRoute = stale;
      const forwarder = new InferForwarder({
        routes: {
          get: () => current,
          waitForChange: async () => (current = { ...right, version: stale.version + 1 }),
          onChange: () => () => true,
        },
      });
      try {
        const result = await forwarder.forward({
          app: 'vision',
          body: Buffer.from(JSON.stringify(IMAGE)),
          contentType: 'application/json',
        });
        expect(result.status).toBe(200);
        expect(result.retries).toBe(1);
        expect(JSON.parse(result.body.toString('utf8'))).toMatchObject({ node: 'edge-a' });
      } finally {
        forwarder.close();
      }
    });

    it('answers 404 for an application no plan routes', async () => {
      const reply = await infer('nobody');
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({
        code: 'NOT_FOUND',
        detail: 'no application nobody in the current plan',
      });
    });

    it('answers 503 NO_ROUTE when no node serves the application in time', async () => {
      const reply = await infer('ghost', IMAGE, impatient.url);
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({
        code: 'NO_ROUTE',
        status: 503,
        detail: 'no node served ghost in time: its route is pending on node edge-z',
      });
    });

    it('rejects a body that is neither JSON nor a tensor frame', async () => {
      const reply = await post(`${router.url}/v1/apps/vision/infer`, undefined, {
        contentType: 'text/plain',
        raw: 'hello',
      });
      expect(reply.status).toBe(415);
      expect(reply.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  describe('when edge-a is killed under load', () => {
    let client: ClientLoop;
    let stream: RouteStream;

    beforeAll(async () => {
      stream = await RouteStream.open(router.url);
      client = ClientLoop.start({
        baseUrl: router.url,
        apps: [{ app: 'vision', body: JSON.stringify(IMAGE) }],
      });
      await waitUntil('three answers', () => client.answersOf('vision').length >= 3 || undefined);
      await edgeA.kill();
      await router.store.events.append(
        'node.failed',
        nodeFailedData({ node: 'edge-a', planVersion: 1 }),
      );
      await client.waitForAnswerFrom('vision', 'edge-b');
      await client.stop();
    }, 20_000);

    afterAll(() => stream?.close());

    it('answers every client request, switching to the understudy', () => {
      expect(client.failuresOf('vision')).toEqual([]);
      expect(client.answersOf('vision').at(-1)).toMatchObject({
        node: 'edge-b',
        variant: 'resnet18',
        role: 'understudy',
      });
    });

    it('sent the requests that met the dead node again (Understudy-Route-Retries)', () => {
      // The client runs back to back, so requests reach edge-a while it dies and before
      // node.failed lands: they fail to connect and are sent again once edge-b serves.
      const retries = client.answersOf('vision').map((answer) => answer.routeRetries ?? 0);
      expect(Math.max(...retries)).toBeGreaterThanOrEqual(1);
    });

    it('routes to the understudy once it serves', async () => {
      const reply = await get(`${router.url}/v1/apps/vision/route`);
      expect(reply.body).toMatchObject({
        state: 'serving',
        node: 'edge-b',
        address: edgeB.url.replace('http://', ''),
        variant: 'resnet18',
        role: 'understudy',
      });
    });

    it('streams the current route first, then pending, then the understudy', async () => {
      expect(stream.contentType).toBe('text/event-stream');
      await stream.waitFor(
        'edge-b serving',
        (route) => route.node === 'edge-b' && route.state === 'serving',
      );
      const vision = stream.routes.filter((route) => route.app === 'vision');
      expect(vision.map(({ state, node, role }) => ({ state, node, role }))).toEqual([
        { state: 'serving', node: 'edge-a', role: 'primary' },
        { state: 'pending', node: 'edge-a', role: 'primary' },
        { state: 'serving', node: 'edge-b', role: 'understudy' },
      ]);
    });
  });
});
