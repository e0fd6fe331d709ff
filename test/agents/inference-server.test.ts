import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeTensorFrame,
  decodeTensorFrame,
  TENSOR_FRAME_MEDIA_TYPE,
} from '../../agents/tensor-frame.ts';
import type { components as AgentComponents } from '../../openapi/agent-types.ts';
import { writeMultiIoModel } from '../profiler/support/fixture-models.ts';
import { deletePrefix, uniquePrefix, TEST_REDIS_URL } from '../support/redis.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { floatInput, get, post } from '../../kit/http.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { buildTestZoo } from './support/test-zoo.ts';
import type { TestZoo } from './support/test-zoo.ts';

type AgentState = AgentComponents['schemas']['AgentState'];

const NODE = 'edge-infer';
const BODY_LIMIT_BYTES = 100_000;
const prefix = uniquePrefix('agent-infer');
let zoo: TestZoo;
let agent: AgentProcess;
let plans: PlanQueue;

const infer = (app: string) => `${agent.url}/v1/infer/${app}`;

/** The problem+json document the agent answers with for validation failures. */
function validationProblem(app: string, errors: Array<{ pointer: string; detail: string }>) {
  const listed = errors.map((error) => `${error.pointer} ${error.detail}`).join('; ');
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return {
    type: 'urn:understudy:problem:validation-failed',
    title: 'Request validation failed',
    status: 400,
    detail: `${count} in the request: ${listed}`,
    instance: `/v1/infer/${app}`,
    code: 'VALIDATION_FAILED',
    errors,
  };
}

beforeAll(async () => {
  zoo = await buildTestZoo();
  plans = new PlanQueue({ redisUrl: TEST_REDIS_URL, prefix });
  const multiIo = await writeMultiIoModel(await zoo.tempDir('fixtures'));
  agent = await UnderstudyProcess.agent({
    redisUrl: TEST_REDIS_URL,
    nodeId: NODE,
    prefix,
    modelDir: await zoo.tempDir('models'),
    memoryMiB: 64,
    args: ['--body-limit', String(BODY_LIMIT_BYTES)],
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
        {
          app: 'mobile',
          role: 'primary',
          serving: true,
          model: zoo.ref('mobilenet-like', 'mobilenet_v3_small'),
        },
        {
          app: 'multi',
          role: 'primary',
          serving: true,
          model: { family: 'fixtures', variant: 'multi-io', location: multiIo, memoryMiB: 1 },
        },
        {
          app: 'standby',
          role: 'understudy',
          serving: false,
          model: zoo.ref('resnet-like', 'resnet18'),
        },
      ],
      // `reserve`: a cold understudy, a staged file loaded only if edge-far fails.
      stage: [zoo.ref('linear-probe', 'probe_medium')],
      failover: [
        {
          failedNode: 'edge-far',
          actions: [
            { app: 'reserve', mode: 'cold', model: zoo.ref('linear-probe', 'probe_medium') },
          ],
        },
      ],
    }),
  );
});

afterAll(async () => {
  await agent?.stop();
  await plans?.close();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

describe('InferenceServer', () => {
  describe('when asked in JSON', () => {
    it('answers with every output and names node, variant and plan version', async () => {
      const reply = await post(infer('probe'), floatInput('features', [1, 512]));
      expect(reply.status).toBe(200);
      const body = reply.body as {
        outputs: Record<string, { type: string; dims: number[]; data: unknown[] }>;
      };
      expect(body).toMatchObject({
        node: NODE,
        app: 'probe',
        family: 'linear-probe',
        variant: 'probe_small',
        planVersion: 1,
        role: 'primary',
      });
      expect(Object.keys(body.outputs).sort()).toEqual(['label', 'logits']);
      expect(body.outputs.label).toMatchObject({ type: 'int64', dims: [1] });
      expect(typeof body.outputs.label?.data[0]).toBe('number');
    });

    it('takes every element type of a multi-input model and a dynamic batch', async () => {
      const reply = await post(infer('multi'), {
        inputs: {
          ids: { type: 'int64', dims: [2, 4], data: [1, 2, 3, 4, '5', 6, 7, 8] },
          mask: {
            type: 'bool',
            dims: [2, 4],
            data: [true, true, true, true, true, false, true, true],
          },
          gain: { type: 'float32', dims: [2, 1], data: [1, 2] },
        },
      });
      expect(reply.status).toBe(200);
      const outputs = (
        reply.body as { outputs: Record<string, { dims: number[]; data: number[] }> }
      ).outputs;
      // scores = ((ids · mask) · gain) Wᵀ with W rows [1,0,0,0], [0,1,0,0], [0,0,1,1].
      expect(outputs.scores).toEqual({ type: 'float32', dims: [2, 3], data: [1, 2, 7, 10, 0, 30] });
      expect(outputs.best).toEqual({ type: 'int64', dims: [2], data: [2, 2] });
    });
  });

  describe('when asked with a tensor frame', () => {
    it('answers with a frame holding the same outputs as the JSON form', async () => {
      const image = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => (i % 17) / 17);
      const frame = encodeTensorFrame([
        { name: 'image', type: 'float32', dims: [1, 3, 32, 32], data: image },
      ]);
      const binary = await post(infer('mobile'), undefined, {
        contentType: TENSOR_FRAME_MEDIA_TYPE,
        raw: frame,
      });
      expect(binary.status).toBe(200);
      expect(binary.headers.get('content-type')).toBe(TENSOR_FRAME_MEDIA_TYPE);
      expect(binary.headers.get('understudy-node')).toBe(NODE);
      expect(binary.headers.get('understudy-variant')).toBe('mobilenet_v3_small');
      expect(binary.headers.get('understudy-plan-version')).toBe('1');
      const [logits] = decodeTensorFrame(binary.body as Buffer);
      const json = await post(infer('mobile'), {
        inputs: { image: { type: 'float32', dims: [1, 3, 32, 32], data: Array.from(image) } },
      });
      const expected = (json.body as { outputs: { logits: { data: number[] } } }).outputs.logits
        .data;
      expect(logits?.name).toBe('logits');
      expect(logits?.dims).toEqual([1, 10]);
      expect(Array.from(logits?.data as Float32Array)).toEqual(expected);
    });

    it('names the input whose shape is wrong, as the JSON form does', async () => {
      const frame = encodeTensorFrame([
        { name: 'features', type: 'float32', dims: [1, 16], data: new Float32Array(16) },
      ]);
      const reply = await post(infer('probe'), undefined, {
        contentType: TENSOR_FRAME_MEDIA_TYPE,
        raw: frame,
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(
        validationProblem('probe', [
          {
            pointer: '/body/inputs/features/dims',
            detail: 'must match [1,512] (a name stands for any size), not [1,16]',
          },
        ]),
      );
    });

    it('refuses bytes that are not a frame', async () => {
      const reply = await post(infer('probe'), undefined, {
        contentType: TENSOR_FRAME_MEDIA_TYPE,
        raw: 'not a frame',
      });
      expect(reply.body).toEqual(
        validationProblem('probe', [
          {
            pointer: '/body',
            detail: 'is not a valid tensor frame: it does not start with "USTF" (byte 0)',
          },
        ]),
      );
    });
  });

  describe('when the inputs do not fit the model', () => {
    it.each([
      {
        name: 'an unknown input and a missing one',
        app: 'probe',
        body: { inputs: { feature: { type: 'float32', dims: [1, 512], data: [] } } },
        errors: [
          {
            pointer: '/body/inputs/feature',
            detail: 'is not an input of this model; its inputs are: features',
          },
          {
            pointer: '/body/inputs/features',
            detail: 'is required: the model takes features float32[1,512]',
          },
        ],
      },
      {
        name: 'the wrong type and shape',
        app: 'probe',
        body: { inputs: { features: { type: 'float64', dims: [512], data: [] } } },
        errors: [
          {
            pointer: '/body/inputs/features/type',
            detail: 'must be float32 (the model\'s type for features), not "float64"',
          },
          {
            pointer: '/body/inputs/features/dims',
            detail: 'must match [1,512] (a name stands for any size), not [512]',
          },
        ],
      },
      {
        name: 'fewer values than the dims hold',
        app: 'probe',
        body: { inputs: { features: { type: 'float32', dims: [1, 512], data: [1, 2, 3] } } },
        errors: [
          {
            pointer: '/body/inputs/features/data',
            detail: 'must be an array of 512 values (the product of dims), not 3 values',
          },
        ],
      },
      {
        name: 'a value of the wrong kind',
        app: 'probe',
        body: {
          inputs: {
            features: { type: 'float32', dims: [1, 512], data: [...Array(511).fill(0), 'x'] },
          },
        },
        errors: [{ pointer: '/body/inputs/features/data/511', detail: 'must be a number' }],
      },
      {
        name: 'integers and booleans out of their range',
        app: 'multi',
        body: {
          inputs: {
            ids: { type: 'int64', dims: [1, 4], data: [1, 2, 3, '99999999999999999999'] },
            mask: { type: 'bool', dims: [1, 4], data: [1, 0, 1, 0] },
            gain: { type: 'float32', dims: [1, 1], data: [1] },
          },
        },
        errors: [
          {
            pointer: '/body/inputs/ids/data/3',
            detail: 'must be a 64-bit integer (as a decimal string beyond ±2^53)',
          },
          { pointer: '/body/inputs/mask/data/0', detail: 'must be true or false' },
        ],
      },
      {
        name: 'no inputs object',
        app: 'probe',
        body: { input: {} },
        errors: [
          { pointer: '/body/inputs', detail: 'is required: an object of input tensors by name' },
        ],
      },
    ])('answers 400 naming each field for $name', async ({ app, body, errors }) => {
      const reply = await post(infer(app), body);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body).toEqual(validationProblem(app, errors));
    });

    it('answers 400 MALFORMED_BODY for text that is not JSON', async () => {
      const reply = await post(infer('probe'), undefined, { raw: '{"inputs":' });
      expect(reply.body).toEqual({
        type: 'urn:understudy:problem:malformed-body',
        title: 'The request body is not valid JSON',
        status: 400,
        detail: 'the body is not valid JSON',
        instance: '/v1/infer/probe',
        code: 'MALFORMED_BODY',
        errors: [{ pointer: '/body', detail: 'Unexpected end of JSON input' }],
      });
    });

    it('answers 415 for a body in neither form', async () => {
      const reply = await post(infer('probe'), undefined, {
        contentType: 'text/csv',
        raw: '1,2,3',
      });
      expect(reply.status).toBe(415);
      expect(reply.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        detail: 'cannot read a text/csv body',
        errors: [
          {
            pointer: '/headers/content-type',
            detail: `must be application/json or ${TENSOR_FRAME_MEDIA_TYPE}`,
          },
        ],
      });
    });

    it('answers 413 for a body over --body-limit', async () => {
      const reply = await post(infer('probe'), floatInput('features', [1, 40_000]));
      expect(reply.status).toBe(413);
      expect(reply.body).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        detail: `the request body is larger than the agent accepts (${BODY_LIMIT_BYTES} bytes)`,
      });
    });
  });

  describe('when the app is not served here', () => {
    it('answers 404 APP_NOT_SERVED for an app the node does not hold', async () => {
      const reply = await post(infer('elsewhere'), floatInput('features', [1, 512]));
      expect(reply.body).toEqual({
        type: 'urn:understudy:problem:app-not-served',
        title: 'The application is not served on this node',
        status: 404,
        detail: `elsewhere is not served on ${NODE}`,
        instance: '/v1/infer/elsewhere',
        code: 'APP_NOT_SERVED',
      });
    });

    it('answers 409 APP_NOT_ACTIVE for an idle warm understudy', async () => {
      const reply = await post(infer('standby'), floatInput('image', [1, 3, 32, 32]));
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({
        code: 'APP_NOT_ACTIVE',
        detail: `standby has an idle understudy (resnet-like/resnet18) on ${NODE}; it serves once its primary's node fails`,
      });
    });
  });

  describe('when the request is a hedge (Understudy-Hedge: 1)', () => {
    const IMAGE = floatInput('image', [1, 3, 32, 32]);
    const hedge = (app: string, body: unknown) =>
      fetch(infer(app), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'understudy-hedge': '1' },
        body: JSON.stringify(body),
      });

    it('answers from an idle warm understudy, as an understudy, and says it was a hedge', async () => {
      const reply = await hedge('standby', IMAGE);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('understudy-hedge')).toBe('idle-understudy');
      expect(reply.headers.get('understudy-variant')).toBe('resnet18');
      expect(await reply.json()).toMatchObject({
        node: NODE,
        app: 'standby',
        family: 'resnet-like',
        variant: 'resnet18',
        planVersion: 1,
        role: 'understudy',
      });
    });

    it('activates nothing: without the header the understudy still answers 409', async () => {
      await hedge('standby', IMAGE);
      const reply = await post(infer('standby'), IMAGE);
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({ code: 'APP_NOT_ACTIVE' });
      const state = (await get(`${agent.url}/v1/state`)).body as AgentState;
      expect(state.sessions.find((session) => session.app === 'standby')).toMatchObject({
        serving: false,
        active: false,
      });
    });

    it('still answers 404 APP_NOT_SERVED for a cold understudy: it holds only a file', async () => {
      const reply = await hedge('reserve', floatInput('features', [1, 512]));
      expect(reply.status).toBe(404);
      expect(reply.headers.get('understudy-hedge')).toBeNull();
      expect(await reply.json()).toMatchObject({
        code: 'APP_NOT_SERVED',
        detail: `reserve is not served on ${NODE}`,
      });
    });

    it('changes nothing for an app served here', async () => {
      const reply = await hedge('probe', floatInput('features', [1, 512]));
      expect(reply.status).toBe(200);
      expect(reply.headers.get('understudy-hedge')).toBeNull();
      expect(await reply.json()).toMatchObject({ app: 'probe', role: 'primary' });
    });

    it('checks a hedge’s inputs as any other request', async () => {
      const reply = await hedge('standby', floatInput('image', [1, 3, 8, 8]));
      expect(reply.status).toBe(400);
      expect(await reply.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('GET /v1/state', () => {
    it('lists sessions, memory, active replicas and the plan version', async () => {
      const state = (await get(`${agent.url}/v1/state`)).body as AgentState;
      expect(state).toMatchObject({
        node: NODE,
        planVersion: 1,
        draining: false,
        memory: { capacityMiB: 64, usedMiB: 31 },
      });
      const byApp = Object.fromEntries(state.sessions.map((session) => [session.app, session]));
      expect(byApp.probe).toMatchObject({
        variant: 'probe_small',
        serving: true,
        active: true,
        role: 'primary',
      });
      expect(byApp.standby).toMatchObject({
        variant: 'resnet18',
        serving: false,
        active: false,
        role: 'understudy',
      });
    });

    it('answers /healthz', async () => {
      expect((await get(`${agent.url}/healthz`)).body).toEqual({
        status: 'ok',
        node: NODE,
        version: '0.1.0',
      });
    });
  });
});
