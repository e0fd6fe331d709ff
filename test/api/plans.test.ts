import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import { checkPlan } from '../../solver/index.ts';
import { problemFromState } from '../../src/plans/problem-from-state.ts';
import { readCluster } from '../../src/plans/read-cluster.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { app, variant } from '../support/builders.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { planQueueOf } from '../../core/plan-jobs.ts';
import { waitUntil } from '../../kit/wait-until.ts';

type Schemas = components['schemas'];

let server: TestServer;
let bull: Redis;
beforeAll(async () => {
  server = await startTestServer({ label: 'plans' });
  bull = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  for (const node of ['edge-1', 'edge-2', 'edge-3']) {
    await server.must('PUT', `/v1/nodes/${node}`, { body: { memoryMiB: 1000 } });
  }
  await server.must('PUT', '/v1/families/resnet', {
    body: {
      task: 'image-classification',
      variants: [
        variant('r18', { accuracy: 0.7, memoryMiB: 100, loadMs: 50 }),
        variant('r50', { accuracy: 0.76, memoryMiB: 300, loadMs: 150 }),
      ],
    },
  });
  await server.must('PUT', '/v1/apps/cam-1', {
    body: app('resnet', 'r50', { primaryNode: 'edge-1' }),
  });
  await server.must('PUT', '/v1/apps/cam-2', {
    body: app('resnet', 'r50', { primaryNode: 'edge-2' }),
  });
});
afterAll(async () => {
  bull.disconnect();
  await server.dispose();
});

async function solveToEnd(body: Schemas['SolveRequest'] = {}): Promise<Schemas['Solve']> {
  const started = await server.call('POST', '/v1/plans', { body });
  expect(started.status).toBe(202);
  const location = started.headers.get('location') ?? '';
  expect(location).toMatch(/^\/v1\/solves\/[A-Za-z0-9]+$/);
  return waitUntil('the solve to finish', async () => {
    const solve = (await server.call('GET', location)).body as Schemas['Solve'];
    return solve.status === 'queued' || solve.status === 'solving' ? undefined : solve;
  });
}

describe('solving plans through the API', () => {
  describe('when a solve is started', () => {
    it('publishes a checked plan as the next version and makes it current', async () => {
      const solve = await solveToEnd();
      expect(solve).toMatchObject({ status: 'published', planVersion: 1 });
      const plan = (await server.call('GET', '/v1/plans/current')).body as Schemas['Plan'];
      expect(plan.version).toBe(1);
      expect((await server.call('GET', '/v1/plans/1')).body).toEqual(plan);
      // Independent of the solver's own check: the checker passes it against the same state.
      const problem = problemFromState(await readCluster(server.store), {});
      expect(checkPlan(problem, plan)).toEqual([]);
      expect(plan.assignments.map((assignment) => assignment.understudy !== null)).toEqual([
        true,
        true,
      ]);
      const list = (await server.call('GET', '/v1/plans')).body as {
        items: Schemas['PlanSummary'][];
      };
      expect(list.items).toMatchObject([{ version: 1, protectedApps: 2, unprotectedApps: 0 }]);
    });

    it("enqueues each node's slice as an apply-plan job, once per version", async () => {
      const plan = (await server.call('GET', '/v1/plans/current')).body as Schemas['Plan'];
      const keys = server.store.keys;
      for (const node of ['edge-1', 'edge-2', 'edge-3']) {
        const { name, prefix } = planQueueOf(keys, node);
        const queue = new Queue(name, { connection: bull, prefix });
        try {
          const job = await queue.getJob(`plan-${plan.version}`);
          expect(job?.name).toBe('apply-plan');
          const slice = job?.data as Schemas['NodePlanSlice'];
          expect(slice).toMatchObject({ planVersion: plan.version, node });
          const primaries = plan.assignments.filter(
            (assignment) => assignment.primary.node === node,
          );
          expect(
            slice.sessions
              .filter((session) => session.role === 'primary')
              .map((session) => session.app),
          ).toEqual(primaries.map((assignment) => assignment.app));
        } finally {
          await queue.close();
        }
      }
    });

    it('records a plan.published event with the diff from its predecessor', async () => {
      const page = (await server.call('GET', '/v1/events?limit=1000')).body as {
        items: Schemas['Event'][];
      };
      const published = page.items.filter((event) => event.type === 'plan.published');
      expect(published).toHaveLength(1);
      expect(published[0]?.data).toMatchObject({
        version: 1,
        protectedApps: 2,
        unprotectedApps: 0,
      });
      expect(published[0]?.data.diff).toMatchObject({ from: 0, empty: false, appsChanged: 2 });
    });
  });

  describe('when the cluster cannot protect everything', () => {
    it('publishes a plan that names the unprotected app and why', async () => {
      await server.must('PUT', '/v1/apps/strict', {
        body: app('resnet', 'r50', {
          primaryNode: 'edge-3',
          slo: { maxRecoveryMs: 500, minAccuracy: 0.9 },
        }),
      });
      const solve = await solveToEnd({ timeLimitMs: 5000 });
      expect(solve.status).toBe('published');
      const plan = (await server.call('GET', `/v1/plans/${solve.planVersion}`))
        .body as Schemas['Plan'];
      expect(plan.unprotected).toEqual([
        expect.objectContaining({ app: 'strict', reason: 'no-variant-meets-accuracy' }),
      ]);
      await server.must('DELETE', '/v1/apps/strict');
    });
  });

  describe('when the solve request is malformed', () => {
    it('answers 400 naming the field and starts nothing', async () => {
      const reply = await server.call('POST', '/v1/plans', { body: { protection: 'rack' } });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errors: [{ pointer: '/body/protection' }] });
    });
  });

  describe('when a solve id is unknown', () => {
    it('answers 404', async () => {
      const reply = await server.call('GET', '/v1/solves/nothing');
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ detail: 'no solve with id nothing' });
    });
  });
});
