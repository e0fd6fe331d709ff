import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components as AgentComponents } from '../../openapi/agent-types.ts';
import { deletePrefix, uniquePrefix } from '../support/redis.ts';
import { startAgentProcess } from './support/agent-process.ts';
import type { AgentProcess } from './support/agent-process.ts';
import { EventWatch } from './support/event-watch.ts';
import { floatInput, get } from './support/http.ts';
import { PlanQueue, slice } from './support/plan-queue.ts';
import { buildTestZoo } from './support/test-zoo.ts';
import type { TestZoo } from './support/test-zoo.ts';

type AgentState = AgentComponents['schemas']['AgentState'];

const NODE = 'edge-drain';
const prefix = uniquePrefix('agent-drain');
let zoo: TestZoo;
let agent: AgentProcess;
let plans: PlanQueue;
let watch: EventWatch;

beforeAll(async () => {
  zoo = await buildTestZoo();
  watch = await EventWatch.start(prefix);
  plans = new PlanQueue(prefix);
  agent = await startAgentProcess({
    nodeId: NODE,
    prefix,
    modelDir: await zoo.tempDir('models'),
    memoryMiB: 32,
  });
  await plans.mustApply(
    slice(NODE, 1, {
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
  await watch?.close();
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
      const body = Buffer.from(JSON.stringify(floatInput('features', [1, 32])));
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

      agent.child.kill('SIGTERM');
      await agent.waitForLog((entry) => entry.msg === 'draining');
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
      const event = await watch.waitFor((candidate) => candidate.type === 'node.deregistered');
      expect(event.data).toMatchObject({ node: NODE, reason: 'SIGTERM' });
      const liveness = await watch.store.liveness.getMany([NODE]);
      expect(liveness.get(NODE)?.status).toBe('down');
      expect(
        watch.events.findIndex((candidate) => candidate.type === 'node.deregistered'),
      ).toBeGreaterThan(-1);
    });
  });
});
