/**
 * The route table on a real Redis, make-before-break: a new plan moves an application only
 * once the new node reports `plan.applied` for it. Two small HTTP servers stand in for the
 * agents (they answer inference for the apps they hold and 404 APP_NOT_SERVED otherwise), so
 * the test decides when a node has "unloaded" an app; the plan.applied events are appended
 * as the agents append them.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VersionedRoute } from '../../src/router/route-table.ts';
import { post } from '../../kit/http.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { planOf } from '../../kit/plan-of.ts';
import { RouterHarness } from '../../kit/router-harness.ts';
import { nodeFailedData, planAppliedData } from '../../kit/event-payloads.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import type { components } from '../../openapi/types.ts';

type Plan = components['schemas']['Plan'];

const prefix = uniquePrefix('route-table');
let router: RouterHarness;
let edgeA: StandInAgent;
let edgeB: StandInAgent;

beforeAll(async () => {
  [edgeA, edgeB] = await Promise.all([
    StandInAgent.start('edge-a', ['vision', 'still']),
    StandInAgent.start('edge-b', ['other']),
  ]);
  router = await RouterHarness.start({ redisUrl: TEST_REDIS_URL, prefix, failoverWaitMs: 5_000 });
  for (const agent of [edgeA, edgeB]) {
    await router.store.state.putNode(agent.node, { memoryMiB: 64, address: agent.address }, {});
    await router.store.liveness.setStatus(agent.node, 'up');
  }
  await router.publishPlan(
    planOf([
      { app: 'vision', node: 'edge-a', variant: 'resnet50' },
      { app: 'still', node: 'edge-a', variant: 'resnet50' },
      { app: 'other', node: 'edge-b', variant: 'resnet50' },
    ]),
  );
  await Promise.all(
    ['vision', 'still', 'other'].map((app) => routeOf(app, (r) => r.state === 'serving')),
  );
});

afterAll(async () => {
  await router?.close();
  await Promise.all([edgeA?.close(), edgeB?.close()]);
  await deletePrefix(prefix);
});

describe('RouteTable', () => {
  describe('when a new plan moves an application to another node', () => {
    let v2 = 0;

    beforeAll(async () => {
      // vision moves a → b, other moves b → a, still stays on a with the same variant.
      v2 = await router.publishPlan(
        planOf([
          { app: 'vision', node: 'edge-b', variant: 'resnet50' },
          { app: 'still', node: 'edge-a', variant: 'resnet50' },
          { app: 'other', node: 'edge-a', variant: 'resnet50' },
        ]),
      );
      await routeOf('still', (route) => route.planVersion === v2);
    });

    it('switches at once an app the plan keeps on the same node and variant', () => {
      expect(router.routes.get('still')).toMatchObject({
        state: 'serving',
        node: 'edge-a',
        role: 'primary',
        planVersion: v2,
      });
    });

    it('keeps the moved app where it is served until the new node applied the plan', () => {
      expect(router.routes.get('vision')).toMatchObject({
        state: 'serving',
        node: 'edge-a',
        address: edgeA.address,
        planVersion: v2 - 1,
      });
      expect(router.routes.get('other')).toMatchObject({ node: 'edge-b', planVersion: v2 - 1 });
    });

    it('does not switch on plan.applied from another node or for an older version', async () => {
      await router.store.events.append(
        'plan.applied',
        planAppliedData({
          node: 'edge-b',
          planVersion: v2 - 1,
          outcome: 'unchanged',
        }),
      );
      await router.store.events.append(
        'plan.applied',
        planAppliedData({
          node: 'edge-a',
          planVersion: v2,
          outcome: 'applied',
        }),
      );
      // edge-a's report switches `other` (events are taken in order, so edge-b's older
      // report has been seen by then) and leaves `vision` waiting for edge-b.
      await routeOf('other', (route) => route.node === 'edge-a' && route.planVersion === v2);
      expect(router.routes.get('vision')).toMatchObject({ node: 'edge-a', planVersion: v2 - 1 });
    });

    it('answers a request the old node refuses (it unloaded the app) once the new node applied', async () => {
      edgeA.unload('vision');
      edgeB.load('vision');
      const refused = edgeA.refused('vision');
      const reply = post(`${router.url}/v1/apps/vision/infer`, { input: 1 });
      await refused;
      // The forwarder now waits for the route to change; only edge-b's report changes it.
      await router.store.events.append(
        'plan.applied',
        planAppliedData({
          node: 'edge-b',
          planVersion: v2,
          outcome: 'applied',
        }),
      );
      const answer = await reply;
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ node: 'edge-b', app: 'vision' });
      expect(answer.headers.get('understudy-route-retries')).toBe('1');
      expect(router.routes.get('vision')).toMatchObject({
        state: 'serving',
        node: 'edge-b',
        address: edgeB.address,
        role: 'primary',
        planVersion: v2,
      });
    });
  });

  describe('where a late request may be hedged', () => {
    let v3 = 0;

    beforeAll(async () => {
      // `ward` is new, on edge-a with a warm understudy on edge-b; `vision` stays on edge-b.
      v3 = await router.publishPlan(
        withWarmUnderstudy(
          planOf([
            { app: 'vision', node: 'edge-b', variant: 'resnet50' },
            { app: 'still', node: 'edge-a', variant: 'resnet50' },
            { app: 'other', node: 'edge-a', variant: 'resnet50' },
            { app: 'ward', node: 'edge-a', variant: 'resnet50' },
          ]),
          'ward',
          'edge-b',
        ),
      );
      await routeOf('still', (route) => route.planVersion === v3);
    });

    it('names no target while the understudy’s node has not applied the plan', () => {
      expect(router.routes.get('ward')).toMatchObject({ state: 'serving', node: 'edge-a' });
      expect(router.routes.hedgeTarget('ward')).toBeUndefined();
    });

    it('names the warm understudy once its node applied the plan; none for apps without', async () => {
      await router.store.events.append(
        'plan.applied',
        planAppliedData({ node: 'edge-b', planVersion: v3, outcome: 'applied' }),
      );
      const target = await waitUntil('a hedge target for ward', () =>
        router.routes.hedgeTarget('ward'),
      );
      expect(target).toEqual({
        app: 'ward',
        node: 'edge-b',
        address: edgeB.address,
        variant: 'resnet18',
      });
      expect(router.routes.hedgeTarget('still')).toBeUndefined();
    });

    it('names none once the understudy’s node failed', async () => {
      await router.store.events.append(
        'node.failed',
        nodeFailedData({ node: 'edge-b', planVersion: v3 }),
      );
      await routeOf('vision', (route) => route.state === 'pending');
      expect(router.routes.hedgeTarget('ward')).toBeUndefined();
    });
  });
});

/** The plan with a warm understudy for one app. */
function withWarmUnderstudy(plan: Plan, app: string, node: string): Plan {
  return {
    ...plan,
    assignments: plan.assignments.map((assignment) =>
      assignment.app === app
        ? { ...assignment, understudy: { node, variant: 'resnet18', mode: 'warm' } }
        : assignment,
    ),
  };
}

/** The app's route once it matches, awaiting the table's changes (no polling). */
async function routeOf(
  app: string,
  match: (route: VersionedRoute) => boolean,
  timeoutMs = 5_000,
): Promise<VersionedRoute> {
  const deadline = Date.now() + timeoutMs;
  let route = router.routes.get(app);
  while (route === undefined || !match(route)) {
    const remainingMs = deadline - Date.now();
    const changed =
      remainingMs > 0
        ? await router.routes.waitForChange(app, route?.version ?? 0, remainingMs)
        : undefined;
    if (changed === undefined) throw new Error(`route of ${app} did not match in time`);
    route = changed;
  }
  return route;
}

/**
 * An HTTP server answering `POST /v1/infer/{app}` as an agent does: 200 for the apps it
 * holds, 404 APP_NOT_SERVED for the others.
 */
class StandInAgent {
  private readonly held: Set<string>;
  private readonly refusals = new Map<string, Array<() => void>>();
  private readonly server: Server = createServer((req, res) => {
    const app = decodeURIComponent(req.url?.replace('/v1/infer/', '') ?? '');
    req.resume();
    req.on('end', () => {
      if (this.held.has(app)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ node: this.node, app }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ code: 'APP_NOT_SERVED', status: 404 }));
      this.noteRefused(app);
    });
  });

  private constructor(
    readonly node: string,
    apps: string[],
  ) {
    this.held = new Set(apps);
  }

  static async start(node: string, apps: string[]): Promise<StandInAgent> {
    const agent = new StandInAgent(node, apps);
    agent.server.listen(0, '127.0.0.1');
    await once(agent.server, 'listening');
    return agent;
  }

  /** `host:port`, as the node registers it. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  load(app: string): void {
    this.held.add(app);
  }

  unload(app: string): void {
    this.held.delete(app);
  }

  /** Resolves when this agent next refuses a request for `app`; rejects after `timeoutMs`. */
  refused(app: string, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.node} refused no request for ${app} in time`)),
        timeoutMs,
      );
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.refusals.set(app, [...(this.refusals.get(app) ?? []), done]);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private noteRefused(app: string): void {
    for (const resolve of this.refusals.get(app) ?? []) resolve();
    this.refusals.delete(app);
  }
}
