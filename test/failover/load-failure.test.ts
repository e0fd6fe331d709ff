/**
 * A variant that cannot load is state, not a log line: the planner in this process and two
 * real agents; the plan gives cam-1 a warm understudy whose file is not ONNX (it looks best
 * on paper). Edge-b fails to load it; the leader records the failure, re-plans at once
 * around it (`load-failure`), and the new plan protects cam-1 with a variant that loads —
 * never again with the broken one — while cam-1's route keeps serving its primary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { solvePlan, waitApplied, waitPublished } from '../../kit/plan-waits.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import {
  eventsOf,
  followEvents,
  PLAN_WAIT,
  planOf,
  resnetFamily,
  startAgent,
} from './support/cluster.ts';

type Schemas = components['schemas'];

const NODES = ['edge-a', 'edge-b'];
let zoo: TestZoo;
let server: TestServer;
let events: EventFollower;
const agents: AgentProcess[] = [];
let first: Schemas['Plan'];

beforeAll(async () => {
  zoo = await buildTestZoo();
  server = await startTestServer({ label: 'load-failure' });
  events = await followEvents(server.prefix);
  // Edge-b has room for one 10 MiB understudy, not for resnet50 (20 MiB).
  agents.push(
    ...(await Promise.all([
      startAgent(zoo, server.prefix, 'edge-a'),
      startAgent(zoo, server.prefix, 'edge-b', 15),
    ])),
  );
  const family = resnetFamily(zoo);
  const broken = await zoo.corrupt('resnet34');
  // More accurate than resnet18 and as small: the solver prefers it while it is not known to
  // fail. Its load time keeps it warm (cold could not meet the recovery SLO).
  family.variants.push({
    id: 'resnet34',
    location: broken.location,
    accuracy: 0.733,
    memoryMiB: 10,
    loadMs: 5000,
    latencyMs: { p50: 1, p99: 3 },
  });
  await server.must('PUT', '/v1/families/resnet-like', { body: family });
  await server.must('PUT', '/v1/apps/cam-1', {
    body: {
      family: 'resnet-like',
      primaryVariant: 'resnet50',
      primaryNode: 'edge-a',
      slo: { maxRecoveryMs: 1000, minAccuracy: 0.6 },
    },
  });
  // Edge-b loads nothing of this plan, so it reports model.failed and no plan.applied.
  first = await solvePlan(new ApiClient({ baseUrl: server.url }), PLAN_WAIT);
  await waitApplied(events, { version: first.version, nodes: ['edge-a'] }, PLAN_WAIT);
}, 90_000);

afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.kill()));
  await events?.stop();
  await server?.dispose();
  await zoo?.dispose();
});

describe('a planned understudy whose file cannot load', () => {
  let replanned: Schemas['Plan'];

  beforeAll(async () => {
    const version = await waitPublished(
      events,
      { reason: 'load-failure', node: 'edge-b', afterVersion: first.version },
      PLAN_WAIT,
    );
    await waitApplied(events, { version, nodes: NODES }, PLAN_WAIT);
    replanned = await planOf(server.call, version);
  }, 60_000);

  it('was chosen while nothing was known against it, and failed to load on edge-b', async () => {
    expect(first.assignments[0]?.understudy).toMatchObject({
      node: 'edge-b',
      variant: 'resnet34',
      mode: 'warm',
    });
    const failed = (await eventsOf(server.call, 'model.failed')).find(
      (event) => event.data.variant === 'resnet34',
    );
    expect(failed?.data).toMatchObject({
      node: 'edge-b',
      app: 'cam-1',
      family: 'resnet-like',
      planVersion: first.version,
    });
  });

  it('is recorded: node, variant, code, time and the file it failed with', async () => {
    const reply = await server.call('GET', '/v1/load-failures');
    expect(reply.body).toMatchObject({
      items: [
        {
          node: 'edge-b',
          family: 'resnet-like',
          variant: 'resnet34',
          code: 'MODEL_INVALID',
          location: expect.stringMatching(/resnet34\.onnx$/),
          atMs: expect.any(Number),
        },
      ],
    });
  });

  it('is planned around at once: the next plan protects cam-1 with a variant that loads', () => {
    const understudy = replanned.assignments[0]?.understudy;
    expect(understudy?.variant).toBe('resnet18');
    expect(understudy?.firstStepVariant).not.toBe('resnet34');
    expect(replanned.unprotected).toEqual([]);
  });

  it('keeps cam-1 routed to its primary, which serves', async () => {
    const route = await server.call('GET', '/v1/apps/cam-1/route');
    expect(route.body).toMatchObject({ state: 'serving', node: 'edge-a', variant: 'resnet50' });
  });

  it('stays planned around until its file changes: a requested solve does not choose it', async () => {
    const solved = await server.call('POST', '/v1/plans', { body: {} });
    expect(solved.status).toBeLessThan(300);
    const plan = await waitPublished(
      events,
      { reason: 'requested', afterVersion: replanned.version },
      PLAN_WAIT,
    );
    expect((await planOf(server.call, plan)).assignments[0]?.understudy?.variant).toBe('resnet18');
  });
});
