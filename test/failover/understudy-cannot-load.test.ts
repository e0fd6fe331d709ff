/**
 * Recovery means an answer: the planner in this process and three real agents; two apps share
 * one cold reserve on edge-b whose planned variant's file is a well-formed ONNX file that
 * onnxruntime rejects (staging only checks the header, so nothing is known against it until a
 * failover loads it). Edge-a is killed: edge-b cannot load cam-1's understudy, says so as
 * `failover.failed`, and the planner records no `app.recovered` for cam-1, records the load
 * failure, and re-protects without that variant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { solvePlan, waitApplied, waitPublished } from '../../kit/plan-waits.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { ApiClient } from '../../src/client/api-client.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';
import { writeBrokenGraphModel } from '../profiler/support/fixture-models.ts';
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

const NODES = ['edge-a', 'edge-b', 'edge-c'];
let zoo: TestZoo;
let server: TestServer;
let events: EventFollower;
const agents = new Map<string, AgentProcess>();
let first: Schemas['Plan'];

beforeAll(async () => {
  zoo = await buildTestZoo();
  server = await startTestServer({
    label: 'understudy-cannot-load',
    controller: { holdDownMs: 60_000 },
  });
  events = await followEvents(server.prefix);
  // Edge-a and edge-c hold one resnet50 (20 MiB) each and little more; edge-b's 15 MiB is a
  // reserve for one 10 MiB understudy at a time: cold for both apps.
  for (const agent of await Promise.all([
    startAgent(zoo, server.prefix, 'edge-a', 25),
    startAgent(zoo, server.prefix, 'edge-b', 15),
    startAgent(zoo, server.prefix, 'edge-c', 25),
  ]))
    agents.set(agent.nodeId, agent);
  const family = resnetFamily(zoo);
  family.variants.push({
    id: 'resnet34',
    location: await writeBrokenGraphModel(await zoo.tempDir('broken')),
    accuracy: 0.733,
    memoryMiB: 10,
    // The fastest to load: its own first step, so the failover loads it and nothing else.
    loadMs: 10,
    latencyMs: { p50: 1, p99: 3 },
  });
  await server.must('PUT', '/v1/families/resnet-like', { body: family });
  for (const [app, node] of [
    ['cam-1', 'edge-a'],
    ['cam-3', 'edge-c'],
  ])
    await server.must('PUT', `/v1/apps/${app}`, {
      body: {
        family: 'resnet-like',
        primaryVariant: 'resnet50',
        primaryNode: node,
        slo: { maxRecoveryMs: 2000, minAccuracy: 0.6 },
      },
    });
  first = await solvePlan(new ApiClient({ baseUrl: server.url }), PLAN_WAIT);
  await waitApplied(events, { version: first.version, nodes: NODES }, PLAN_WAIT);
}, 90_000);

afterAll(async () => {
  await Promise.all([...agents.values()].map((agent) => agent.kill()));
  await events?.stop();
  await server?.dispose();
  await zoo?.dispose();
});

describe('a failover whose understudy cannot load', () => {
  let failed: Schemas['Event'];
  let reprotection: Schemas['Plan'];

  beforeAll(async () => {
    await agents.get('edge-a')?.kill();
    failed = await events.waitForType(
      'failover.failed for cam-1',
      'failover.failed',
      (event) => event.data.app === 'cam-1',
      PLAN_WAIT,
    );
    const version = await waitPublished(
      events,
      { reason: 'failover', node: 'edge-a', afterVersion: first.version },
      PLAN_WAIT,
    );
    reprotection = await planOf(server.call, version);
  }, 60_000);

  it('was planned as the cold understudy both apps share on edge-b', () => {
    for (const assignment of first.assignments)
      expect(assignment.understudy).toMatchObject({
        node: 'edge-b',
        variant: 'resnet34',
        mode: 'cold',
      });
  });

  it('is reported as failover.failed by edge-b, with onnxruntime’s reason', () => {
    expect(failed.data).toMatchObject({
      node: 'edge-b',
      failedNode: 'edge-a',
      variant: 'resnet34',
      code: 'MODEL_INVALID',
    });
  });

  it('is never claimed recovered', async () => {
    const recovered = await eventsOf(server.call, 'app.recovered');
    expect(recovered.filter((event) => event.data.app === 'cam-1')).toEqual([]);
    expect(await eventsOf(server.call, 'failover.served')).toEqual([]);
  });

  it('is recorded as a load failure, and the re-protection plan does not use it', async () => {
    const failures = (await server.call('GET', '/v1/load-failures')).body;
    expect(failures).toMatchObject({
      items: [{ node: 'edge-b', variant: 'resnet34', code: 'MODEL_INVALID' }],
    });
    for (const assignment of reprotection.assignments) {
      expect(assignment.understudy?.variant).not.toBe('resnet34');
      expect(assignment.understudy?.firstStepVariant).not.toBe('resnet34');
    }
  });
});
