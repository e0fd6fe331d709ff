import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { components as AgentComponents } from '../../openapi/agent-types.ts';
import { deletePrefix, uniquePrefix, TEST_REDIS_URL } from '../support/redis.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { floatInput, get, post } from '../../kit/http.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { buildTestZoo } from './support/test-zoo.ts';
import type { TestZoo } from './support/test-zoo.ts';

type SessionSpec = components['schemas']['SessionSpec'];
type AgentState = AgentComponents['schemas']['AgentState'];

const NODE = 'edge-1';
const prefix = uniquePrefix('agent-plans');
let zoo: TestZoo;
let agent: AgentProcess;
let plans: PlanQueue;
let watch: EventFollower;

/** The apps of the first plan, with each model's input. */
const APPS = [
  {
    app: 'probe',
    family: 'linear-probe',
    variant: 'probe_small',
    input: 'features',
    dims: [1, 512],
  },
  {
    app: 'mobile',
    family: 'mobilenet-like',
    variant: 'mobilenet_v3_small',
    input: 'image',
    dims: [1, 3, 32, 32],
  },
  {
    app: 'effnet',
    family: 'efficientnet-like',
    variant: 'efficientnet_b0',
    input: 'image',
    dims: [1, 3, 32, 32],
  },
] as const;

function primaries(): SessionSpec[] {
  return APPS.map(({ app, family, variant }) => ({
    app,
    role: 'primary',
    serving: true,
    model: zoo.ref(family, variant, 20),
  }));
}

function warmUnderstudy(): SessionSpec {
  return {
    app: 'standby',
    role: 'understudy',
    serving: false,
    model: zoo.ref('resnet-like', 'resnet18', 20),
  };
}

async function state(): Promise<AgentState> {
  return (await get(`${agent.url}/v1/state`)).body as AgentState;
}

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
    memoryMiB: 100,
  });
});

afterAll(async () => {
  await agent?.stop();
  await plans?.close();
  await watch?.stop();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

describe('PlanWorker', () => {
  describe('when a plan arrives', () => {
    let result: components['schemas']['ApplyPlanResult'];

    beforeAll(async () => {
      result = await plans.mustApply(
        planSlice(NODE, 2, {
          sessions: [...primaries(), warmUnderstudy()],
          stage: [zoo.ref('resnet-like', 'resnet50', 20)],
        }),
      );
    });

    it('reports every session with its measured memory and load time', () => {
      expect(result).toMatchObject({
        node: NODE,
        planVersion: 2,
        outcome: 'applied',
        failures: [],
      });
      expect(
        result.sessions.map((session) => [session.app, session.variant, session.serving]).sort(),
      ).toEqual([
        ['effnet', 'efficientnet_b0', true],
        ['mobile', 'mobilenet_v3_small', true],
        ['probe', 'probe_small', true],
        ['standby', 'resnet18', false],
      ]);
      for (const session of result.sessions) {
        expect(session.loadMs).toBeGreaterThan(0);
        expect(session.memoryMiB).toBeGreaterThanOrEqual(0);
      }
      expect(result.staged.map((model) => model.variant)).toEqual(['resnet50']);
    });

    it.each(APPS)(
      'answers inference for $app with $variant, naming node and plan version',
      async ({ app, family, variant, input, dims }) => {
        const reply = await post(`${agent.url}/v1/infer/${app}`, floatInput(input, [...dims]));
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({
          node: NODE,
          app,
          family,
          variant,
          planVersion: 2,
          role: 'primary',
        });
        const logits = (
          reply.body as { outputs: Record<string, { dims: number[]; data: number[] }> }
        ).outputs.logits;
        expect(logits?.dims).toEqual([1, 10]);
        expect(logits?.data).toHaveLength(10);
      },
    );

    it('records plan.applied', async () => {
      const event = await watch.waitForType(
        'plan.applied of v2',
        'plan.applied',
        (candidate) => candidate.data.planVersion === 2,
      );
      expect(event.data).toMatchObject({
        node: NODE,
        outcome: 'applied',
        sessions: 4,
        staged: 1,
        failures: 0,
      });
    });
  });

  describe('when the same version arrives again', () => {
    it('answers unchanged and reloads nothing', async () => {
      const before = await state();
      const result = await plans.mustApply(planSlice(NODE, 2, { sessions: primaries() }));
      const after = await state();
      expect(result.outcome).toBe('unchanged');
      expect(result.planVersion).toBe(2);
      expect(after.loads).toBe(before.loads);
      expect(after.sessions.map((session) => session.loadedAtMs)).toEqual(
        before.sessions.map((session) => session.loadedAtMs),
      );
    });
  });

  describe('when an older version arrives', () => {
    it('ignores it and keeps serving the newer one', async () => {
      const before = await state();
      const result = await plans.mustApply(planSlice(NODE, 1, { sessions: [] }));
      expect(result.outcome).toBe('ignored-older');
      expect(result.planVersion).toBe(2);
      const after = await state();
      expect(after.planVersion).toBe(2);
      expect(after.sessions).toHaveLength(before.sessions.length);
      expect(after.loads).toBe(before.loads);
    });
  });

  describe('when a plan does not fit the memory budget', () => {
    it('refuses it for good without unloading what serves', async () => {
      const before = await state();
      const sessions = [
        ...primaries(),
        { ...warmUnderstudy(), model: zoo.ref('resnet-like', 'resnet18', 60) },
      ];
      const outcome = await plans.apply(planSlice(NODE, 3, { sessions }), { attempts: 3 });
      expect(outcome).toEqual({
        status: 'failed',
        attemptsMade: 1,
        reason: `MEMORY_BUDGET_EXCEEDED: plan 3 puts 120 MiB of sessions on ${NODE}, which has 100 MiB for models; nothing was changed`,
      });
      const event = await watch.waitForType(
        'plan.rejected of v3',
        'plan.rejected',
        (candidate) => 'planVersion' in candidate.data && candidate.data.planVersion === 3,
      );
      expect(event.data).toMatchObject({
        code: 'MEMORY_BUDGET_EXCEEDED',
        willRetry: false,
        errors: [{ pointer: '/data/sessions' }],
      });
      const after = await state();
      expect(after.planVersion).toBe(2);
      expect(after.loads).toBe(before.loads);
      expect(
        (await post(`${agent.url}/v1/infer/probe`, floatInput('features', [1, 512]))).status,
      ).toBe(200);
    });
  });

  describe('when one model file is corrupt', () => {
    let result: components['schemas']['ApplyPlanResult'];

    beforeAll(async () => {
      const broken: SessionSpec = {
        app: 'broken',
        role: 'primary',
        serving: true,
        model: await zoo.corrupt('garbage', 10),
      };
      result = await plans.mustApply(
        planSlice(NODE, 4, { sessions: [...primaries().slice(0, 2), broken] }),
      );
    });

    it('records the failure and applies the rest', () => {
      expect(result.outcome).toBe('applied');
      expect(result.failures).toEqual([
        {
          app: 'broken',
          family: 'broken',
          variant: 'garbage',
          code: 'MODEL_INVALID',
          message: 'broken/garbage is not an ONNX model',
        },
      ]);
      expect(result.sessions.map((session) => session.app).sort()).toEqual(['mobile', 'probe']);
    });

    it('appends model.failed and keeps serving the other apps', async () => {
      const event = await watch.waitForType(
        'model.failed of v4',
        'model.failed',
        (candidate) => candidate.data.planVersion === 4,
      );
      expect(event.data).toMatchObject({ node: NODE, app: 'broken', code: 'MODEL_INVALID' });
      expect((await get(`${agent.url}/healthz`)).body).toMatchObject({ status: 'ok' });
      expect(
        (await post(`${agent.url}/v1/infer/mobile`, floatInput('image', [1, 3, 32, 32]))).body,
      ).toMatchObject({ planVersion: 4 });
    });

    it('has released the sessions the plan dropped', async () => {
      const current = await state();
      expect(current.memory.usedMiB).toBe(40);
      expect(
        (await post(`${agent.url}/v1/infer/effnet`, floatInput('image', [1, 3, 32, 32]))).status,
      ).toBe(404);
    });
  });

  describe('when staged files do not match their checksum or are not whole ONNX models', () => {
    let result: components['schemas']['ApplyPlanResult'];

    beforeAll(async () => {
      const tampered = await zoo.tampered('resnet-like', 'resnet34', 10);
      const whole = await readFile(zoo.ref('resnet-like', 'resnet50').location);
      const truncated = { ...(await zoo.corrupt('cut', 10)), family: 'resnet-like' };
      await writeFile(truncated.location, whole.subarray(0, 4096));
      result = await plans.mustApply(
        planSlice(NODE, 5, { sessions: primaries().slice(0, 2), stage: [tampered, truncated] }),
      );
    });

    it('fails the tampered one with CHECKSUM_MISMATCH', () => {
      expect(result.staged).toEqual([]);
      expect(result.failures).toHaveLength(2);
      const tampered = result.failures.find((failure) => failure.variant === 'resnet34');
      expect(tampered).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
      expect(tampered?.message).toMatch(
        /^resnet-like\/resnet34: .* has SHA-256 [0-9a-f]{64}, the plan expects [0-9a-f]{64}$/,
      );
    });

    it('fails the cut one when it is staged, not at a failover', () => {
      const cut = result.failures.find((failure) => failure.variant === 'cut');
      expect(cut).toMatchObject({ family: 'resnet-like', code: 'MODEL_INVALID' });
      expect(cut?.message).toContain('ends inside');
    });
  });

  describe('when a location is an operator-provided http URL', () => {
    let files: Server;
    let base: string;
    let flakyRequests = 0;

    beforeAll(async () => {
      files = createServer((req, res) => {
        if (req.url === '/models/flaky.onnx' && flakyRequests++ === 0) {
          res.writeHead(503).end();
          return;
        }
        if (req.url === '/models/flaky.onnx') {
          createReadStream(zoo.ref('resnet-like', 'resnet152').location).pipe(res);
          return;
        }
        if (req.url !== '/models/resnet34.onnx') {
          res.writeHead(404).end();
          return;
        }
        createReadStream(zoo.ref('resnet-like', 'resnet34').location).pipe(res);
      });
      await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(files.address() as AddressInfo).port}/models`;
    });

    afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())));

    it('downloads and verifies it, and reports a URL that does not answer', async () => {
      const fetched = { ...zoo.ref('resnet-like', 'resnet34'), location: `${base}/resnet34.onnx` };
      const missing = {
        ...zoo.ref('resnet-like', 'resnet101'),
        location: `${base}/resnet101.onnx`,
      };
      const result = await plans.mustApply(
        planSlice(NODE, 6, { sessions: primaries().slice(0, 2), stage: [fetched, missing] }),
      );
      expect(result.staged.map((model) => model.variant)).toEqual(['resnet34']);
      expect(result.failures).toEqual([
        {
          family: 'resnet-like',
          variant: 'resnet101',
          code: 'MODEL_UNAVAILABLE',
          message: `resnet-like/resnet101: cannot read ${base}/resnet101.onnx (HTTP 404)`,
        },
      ]);
    });

    it('retries a plan whose only model did not download, as BullMQ redelivers it', async () => {
      const flaky = { ...zoo.ref('resnet-like', 'resnet152'), location: `${base}/flaky.onnx` };
      const outcome = await plans.apply(planSlice(NODE, 7, { stage: [flaky] }), { attempts: 3 });
      expect(outcome).toMatchObject({
        status: 'completed',
        result: { planVersion: 7, failures: [] },
      });
      const failed = await watch.waitFor(
        'plan.failed of v7',
        (event) => event.type === 'plan.failed' && event.data.planVersion === 7,
      );
      expect(failed.data).toMatchObject({
        code: 'MODEL_UNAVAILABLE',
        attempt: 1,
        attempts: 3,
        willRetry: true,
      });
      const applied = await watch.waitFor(
        'plan.applied of v7',
        (event) => event.type === 'plan.applied' && event.data.planVersion === 7,
      );
      expect(applied.data).toMatchObject({ outcome: 'applied', staged: 1, failures: 0 });
    });
  });

  describe('when every model of a plan fails', () => {
    it('fails the job for good and the agent stays up', async () => {
      const broken: SessionSpec = {
        app: 'broken',
        role: 'primary',
        serving: true,
        model: await zoo.corrupt('garbage', 10),
      };
      const outcome = await plans.apply(planSlice(NODE, 8, { sessions: [broken] }), {
        attempts: 3,
      });
      expect(outcome).toEqual({
        status: 'failed',
        attemptsMade: 1,
        reason:
          'MODEL_INVALID: no model of plan 8 could be loaded or staged: broken/garbage is not an ONNX model',
      });
      const event = await watch.waitForType(
        'plan.failed of v8',
        'plan.failed',
        (candidate) => candidate.data.planVersion === 8,
      );
      expect(event.data).toMatchObject({ code: 'MODEL_INVALID', willRetry: false });
      expect((await get(`${agent.url}/healthz`)).status).toBe(200);
    });
  });

  describe('when a plan slice does not match the spec', () => {
    it('refuses it for good, names every problem and changes nothing', async () => {
      const before = await state();
      const malformed = planSlice(NODE, 10, {
        sessions: [Object.assign(warmUnderstudy(), { role: 'leader' as const })],
        stage: [{ ...zoo.ref('resnet-like', 'resnet50'), memoryMiB: -1 }],
      });
      Reflect.deleteProperty(malformed, 'createdAt');
      const outcome = await plans.apply(Object.assign(malformed, { priority: 'high' }), {
        attempts: 3,
      });
      const errors = [
        { pointer: '/data', detail: "must have required property 'createdAt'" },
        { pointer: '/data', detail: "must not have the property 'priority'" },
        { pointer: '/data/sessions/0/role', detail: 'must be one of: primary, understudy' },
        { pointer: '/data/stage/0/memoryMiB', detail: 'must be >= 0' },
      ];
      expect(outcome).toEqual({
        status: 'failed',
        attemptsMade: 1,
        reason: `VALIDATION_FAILED: the plan slice is invalid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`,
      });
      const event = await watch.waitForType(
        'plan.rejected of v10',
        'plan.rejected',
        (candidate) => 'planVersion' in candidate.data && candidate.data.planVersion === 10,
      );
      expect(event.data).toMatchObject({ code: 'VALIDATION_FAILED', willRetry: false, errors });
      const after = await state();
      expect(after.planVersion).toBe(before.planVersion);
      expect(after.loads).toBe(before.loads);
    });
  });

  describe('when a plan is meant for another node', () => {
    it('rejects it with a pointer to the node field', async () => {
      const outcome = await plans.apply(
        { ...planSlice(NODE, 9), node: 'edge-9' },
        { attempts: 2, queueNode: NODE },
      );
      expect(outcome.status).toBe('failed');
      const event = await watch.waitForType(
        'plan.rejected of v9',
        'plan.rejected',
        (candidate) => 'planVersion' in candidate.data && candidate.data.planVersion === 9,
      );
      expect(event.data).toHaveProperty('errors', [
        {
          pointer: '/data/node',
          detail: `must be ${NODE}, the node this agent runs; got "edge-9"`,
        },
      ]);
    });
  });
});
