/**
 * The family's signature on a real agent: a variant exported under other tensor names serves
 * the family's names through its `tensorNames`; one whose session does not keep the signature
 * is refused at load (SIGNATURE_MISMATCH); and an understudy that loads but cannot answer is
 * reported as `failover.failed`, never as served.
 */
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
import { nodeFailedData } from '../../kit/event-payloads.ts';
import { floatInput, get, post } from '../../kit/http.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { buildTestZoo } from './support/test-zoo.ts';
import type { TestZoo } from './support/test-zoo.ts';
import {
  writeDynamicImageModel,
  writeLinearModel,
  writeShapeInputModel,
} from '../profiler/support/fixture-models.ts';

type Event = components['schemas']['Event'];
type Signature = components['schemas']['Signature'];
type AgentState = AgentComponents['schemas']['AgentState'];
type ModelRef = components['schemas']['ModelRef'];

const NODE = 'edge-sig';
const prefix = uniquePrefix('agent-signature');
const FAMILY: Signature = {
  inputs: [{ name: 'data_0', type: 'float32', dims: [1, 4] }],
  outputs: [{ name: 'prob', type: 'float32', dims: [1, 2] }],
};
const SHAPED: Signature = {
  inputs: [
    { name: 'x', type: 'float32', dims: [1, 6] },
    { name: 'shape', type: 'int64', dims: [3] },
  ],
  outputs: [{ name: 'y', type: 'float32', dims: ['a', 'b', 'c'] }],
};
const NO_ZEROS: Signature = {
  inputs: [{ name: 'image', type: 'float32', dims: [1, 3, 'h', 'w'] }],
  outputs: [{ name: 'features', type: 'float32', dims: [1, 2] }],
};
/** A generated file (no checksum) as `family/variant`. */
const refOf = (
  location: string,
  family: string,
  variant: string,
  extra: Partial<ModelRef> = {},
) => ({
  family,
  variant,
  location,
  memoryMiB: 4,
  ...extra,
});

let zoo: TestZoo;
let agent: AgentProcess;
let plans: PlanQueue;
let watch: EventFollower;
const redis = new Redis(TEST_REDIS_URL);
const store = createStore({ redis, prefix });

beforeAll(async () => {
  zoo = await buildTestZoo();
  const dir = await zoo.tempDir('named');
  const [gpu, narrow, noZeros, shaped] = await Promise.all([
    writeLinearModel(dir, { file: 'gpu', input: 'gpu_0/data_0', output: 'fc6_1' }),
    writeLinearModel(dir, { file: 'narrow', input: 'data_0', output: 'prob', width: 3 }),
    writeDynamicImageModel(dir),
    writeShapeInputModel(dir),
  ]);
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
    memoryMiB: 64,
  });
  const blind = refOf(noZeros, 'blind', 'no-zeros', { signature: NO_ZEROS });
  // Zeros are no shape for Reshape: it answers only the family's probe input.
  const reshaperWithoutProbe = refOf(shaped, 'reshaper', 'shape-input', { signature: SHAPED });
  const reshaper = {
    ...reshaperWithoutProbe,
    probeInput: {
      inputs: {
        x: { type: 'float32' as const, dims: [1, 6], data: [1, 2, 3, 4, 5, 6] },
        shape: { type: 'int64' as const, dims: [3], data: [1, 2, 3] },
      },
    },
  };
  await plans.mustApply(
    planSlice(NODE, 1, {
      sessions: [
        {
          app: 'renamed',
          role: 'primary',
          serving: true,
          model: refOf(gpu, 'classifier', 'gpu-export', {
            signature: FAMILY,
            tensorNames: { inputs: { 'gpu_0/data_0': 'data_0' }, outputs: { fc6_1: 'prob' } },
          }),
        },
        {
          app: 'narrow',
          role: 'primary',
          serving: true,
          model: refOf(narrow, 'classifier', 'narrow-export', { signature: FAMILY }),
        },
        { app: 'blind-warm', role: 'understudy', serving: false, model: blind },
      ],
      stage: [blind, reshaper],
      failover: [
        {
          failedNode: 'edge-gone',
          actions: [
            { app: 'blind-warm', mode: 'warm', model: blind },
            { app: 'blind-cold', mode: 'cold', model: blind },
            { app: 'reshaped', mode: 'cold', model: reshaper },
            { app: 'reshaped-unprobed', mode: 'cold', model: reshaperWithoutProbe },
          ],
        },
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await plans?.close();
  await watch?.stop();
  redis.disconnect();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

const forApp = (type: Event['type'], app: string) => (event: Event) =>
  event.type === type && 'app' in event.data && event.data.app === app;

describe('a family signature on the agent', () => {
  it('serves a variant exported under other names with the family’s names, both ways', async () => {
    const reply = await post(`${agent.url}/v1/infer/renamed`, {
      inputs: { data_0: { type: 'float32', dims: [1, 4], data: [1, 2, 3, 4] } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      variant: 'gpu-export',
      outputs: { prob: { dims: [1, 2], data: [4, 6] } },
    });
    expect(Object.keys((reply.body as { outputs: object }).outputs)).toEqual(['prob']);
  });

  it('does not take the variant’s own names from clients', async () => {
    const reply = await post(`${agent.url}/v1/infer/renamed`, floatInput('gpu_0/data_0', [1, 4]));
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('data_0');
  });

  it('refuses at load a variant whose session does not keep the signature, naming the field', async () => {
    const failed = await watch.waitFor('model.failed for narrow', forApp('model.failed', 'narrow'));
    expect(failed.data).toMatchObject({ code: 'SIGNATURE_MISMATCH', variant: 'narrow-export' });
    expect((failed.data as { message: string }).message).toContain(
      "data_0 has 3 at dimension 1; the family's has 4",
    );
    const state = (await get(`${agent.url}/v1/state`)).body as AgentState;
    expect(JSON.stringify(state)).not.toContain('narrow-export');
    expect((await post(`${agent.url}/v1/infer/narrow`, floatInput('data_0', [1, 4]))).status).toBe(
      404,
    );
  });
});

describe('an understudy that loads but cannot answer', () => {
  beforeAll(async () => {
    await store.events.append('node.failed', nodeFailedData({ node: 'edge-gone', planVersion: 1 }));
    for (const app of ['blind-warm', 'blind-cold'])
      await watch.waitFor(`failover.failed for ${app}`, forApp('failover.failed', app));
  });

  it('is reported as failover.failed with the reason, for a warm and a cold one', () => {
    for (const [app, step] of [
      ['blind-warm', 'warm'],
      ['blind-cold', 'planned'],
    ] as const) {
      const failed = watch.events.find(forApp('failover.failed', app));
      expect(failed?.data).toMatchObject({ step, code: 'INFERENCE_FAILED', node: NODE });
      expect((failed?.data as { message: string }).message).toContain('probe input');
    }
  });

  it('is served once it answers the family’s probe input, where zeros would not do', async () => {
    const served = await watch.waitFor(
      'failover.served for reshaped',
      forApp('failover.served', 'reshaped'),
    );
    expect(served.data).toMatchObject({ node: NODE, variant: 'shape-input' });
    const unprobed = await watch.waitFor(
      'failover.failed for reshaped-unprobed',
      forApp('failover.failed', 'reshaped-unprobed'),
    );
    expect(unprobed.data).toMatchObject({ code: 'INFERENCE_FAILED' });
  });

  it('is never reported served, and does not serve', async () => {
    expect(watch.events.filter(forApp('failover.served', 'blind-warm'))).toEqual([]);
    expect(watch.events.filter(forApp('failover.served', 'blind-cold'))).toEqual([]);
    for (const app of ['blind-warm', 'blind-cold']) {
      const reply = await post(`${agent.url}/v1/infer/${app}`, floatInput('image', [1, 3, 8, 8]));
      expect(reply.status).not.toBe(200);
    }
  });
});
