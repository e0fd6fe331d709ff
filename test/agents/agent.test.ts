import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components as AgentComponents } from '../../openapi/agent-types.ts';
import { createStore } from '../../src/store/index.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { floatInput, get } from '../../kit/http.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { buildTestZoo } from './support/test-zoo.ts';
import type { TestZoo } from './support/test-zoo.ts';

type AgentState = AgentComponents['schemas']['AgentState'];

const NODE = 'edge-drain';
const prefix = uniquePrefix('agent-drain');
let zoo: TestZoo;
let agent: AgentProcess;
let plans: PlanQueue;
let watch: EventFollower;
/** The node's state as the controller would read it. */
const redis = new Redis(TEST_REDIS_URL);
const store = createStore({ redis, prefix });

beforeAll(async () => {
  zoo = await buildTestZoo();
  watch = await EventFollower.start({
    source: new RedisEventSource({ redisUrl: TEST_REDIS_URL, prefix }),
    from: 'now',
  });
  plans = new PlanQueue({ redisUrl: TEST_REDIS_URL, prefix });
  agent = await UnderstudyProcess.agent({
    redisUrl: TEST_REDIS_URL,
    nodeId: NODE,
    prefix,
    modelDir: await zoo.tempDir('models'),
    memoryMiB: 32,
  });
  await plans.mustApply(
    planSlice(NODE, 1, {
      sessions: [
        {
          app: 'probe',
          role: 'primary',
          serving: true,
          model: zoo.ref('linear-probe', 'probe_small'),
        },
      ],
    }),
  );
});

afterAll(async () => {
  await agent?.kill();
  await plans?.close();
  await watch?.stop();
  redis.disconnect();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

/** Resolves once the agent counts `count` requests in flight (the state request included). */
async function inFlight(count: number): Promise<void> {
  for (;;) {
    const state = (await get(`${agent.url}/v1/state`)).body as AgentState;
    if (state.inFlightRequests >= count) return;
  }
}

describe('Agent', () => {
  describe('when it receives SIGTERM with a request in flight', () => {
    it('answers the request, deregisters and exits 0', async () => {
      const body = Buffer.from(JSON.stringify(floatInput('features', [1, 512])));
      const { port } = new URL(agent.url);
      const slow = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/infer/probe',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      });
      const answered = once(slow, 'response') as Promise<[IncomingMessage]>;
      slow.write(body.subarray(0, 10));
      await inFlight(2);

      agent.signal('SIGTERM');
      await agent.waitForLog('draining', (entry) => entry.msg === 'draining');
      slow.end(body.subarray(10));
      const [response] = await answered;
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);

      expect(response.statusCode).toBe(200);
      expect(response.headers.connection).toBe('close');
      expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({
        node: NODE,
        app: 'probe',
      });
      expect(await agent.exited).toBe(0);
      expect(agent.logs.find((entry) => entry.msg === 'drained')).toMatchObject({ forced: false });
    });

    it('leaves the node down with a node.deregistered event', async () => {
      const event = await watch.waitFor('node.deregistered', (e) => e.type === 'node.deregistered');
      expect(event.data).toMatchObject({ node: NODE, reason: 'SIGTERM' });
      const liveness = await store.liveness.getMany([NODE]);
      expect(liveness.get(NODE)?.status).toBe('down');
      expect(
        watch.events.findIndex((candidate) => candidate.type === 'node.deregistered'),
      ).toBeGreaterThan(-1);
    });
  });
});
