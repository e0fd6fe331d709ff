import { describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { compilePlanSliceCheck } from '../../agents/plan-slice-check.ts';
import { readSpec } from '../../core/spec.ts';
import { planSlice } from '../../kit/plan-slice.ts';

type Schemas = components['schemas'];
type NodePlanSlice = Schemas['NodePlanSlice'];
type ModelRef = Schemas['ModelRef'];

const NODE = 'edge-1';

const model = (variant: string): ModelRef => ({
  family: 'resnet-like',
  variant,
  location: `/models/${variant}.onnx`,
  sha256: 'a'.repeat(64),
  memoryMiB: 40,
});

/** One of everything: a primary, a warm understudy, a staged file, a cold failover action. */
const valid = (): NodePlanSlice =>
  planSlice(NODE, 3, {
    sessions: [
      { app: 'vision', role: 'primary', serving: true, model: model('resnet50') },
      { app: 'standby', role: 'understudy', serving: false, model: model('resnet18') },
    ],
    stage: [model('resnet34')],
    failover: [
      {
        failedNode: 'edge-2',
        actions: [
          { app: 'standby', mode: 'warm', model: model('resnet18') },
          { app: 'search', mode: 'cold', model: model('resnet34'), firstStep: model('resnet18') },
        ],
      },
    ],
  });

/** The valid slice, changed; `Object.assign` and `Reflect` break it past its type. */
const broken = (change: (data: NodePlanSlice) => void): unknown => {
  const data = valid();
  change(data);
  return data;
};

const table: { name: string; given: unknown; want: FieldProblem[] }[] = [
  { name: 'a valid slice', given: valid(), want: [] },
  {
    name: 'data that is not an object',
    given: [valid()],
    want: [{ pointer: '/data', detail: 'must be object' }],
  },
  {
    name: 'a wrong type',
    given: broken((data) => void Object.assign(data.sessions[0]!.model, { variant: 7 })),
    want: [{ pointer: '/data/sessions/0/model/variant', detail: 'must be string' }],
  },
  {
    name: 'a missing field',
    given: broken((data) => void Reflect.deleteProperty(data.failover[0]!.actions[1]!, 'model')),
    want: [
      { pointer: '/data/failover/0/actions/1', detail: "must have required property 'model'" },
    ],
  },
  {
    name: 'an extra field',
    given: broken((data) => void Object.assign(data.stage[0]!, { priority: 'high' })),
    want: [{ pointer: '/data/stage/0', detail: "must not have the property 'priority'" }],
  },
  {
    name: 'a plan version below 1',
    given: broken((data) => void (data.planVersion = 0)),
    want: [{ pointer: '/data/planVersion', detail: 'must be >= 1' }],
  },
  {
    name: 'a memory that is not finite (possible in-process only)',
    given: broken((data) => void (data.stage[0]!.memoryMiB = Infinity)),
    want: [{ pointer: '/data/stage/0/memoryMiB', detail: 'must be number' }],
  },
  {
    name: 'a slice for another node',
    given: broken((data) => void (data.node = 'edge-9')),
    want: [
      { pointer: '/data/node', detail: 'must be edge-1, the node this agent runs; got "edge-9"' },
    ],
  },
  {
    name: 'two sessions of one app',
    given: broken((data) => void (data.sessions[1]!.app = 'vision')),
    want: [
      {
        pointer: '/data/sessions/1/app',
        detail: 'names vision a second time; a node holds one session per app',
      },
    ],
  },
  {
    name: 'an empty location and a negative memory',
    given: broken((data) => {
      data.failover[0]!.actions[1]!.firstStep!.location = '';
      data.sessions[0]!.model.memoryMiB = -1;
    }),
    want: [
      { pointer: '/data/sessions/0/model/memoryMiB', detail: 'must be >= 0' },
      {
        pointer: '/data/failover/0/actions/1/firstStep/location',
        detail: 'must NOT have fewer than 1 characters',
      },
    ],
  },
  {
    // Schema problems first (in the schema's order), then the agent's own rules.
    name: 'problems of every kind',
    given: broken((data) => {
      Reflect.deleteProperty(data, 'createdAt');
      data.node = 'edge-9';
      Object.assign(data.sessions[0]!, { role: 'leader' });
      data.sessions[1]!.app = 'vision';
      data.sessions[1]!.model.sha256 = 'ABC';
      data.stage[0]!.memoryMiB = -5;
      Object.assign(data.failover[0]!.actions[0]!, { mode: 'hot' });
    }),
    want: [
      { pointer: '/data', detail: "must have required property 'createdAt'" },
      { pointer: '/data/sessions/0/role', detail: 'must be one of: primary, understudy' },
      { pointer: '/data/sessions/1/model/sha256', detail: 'must match pattern "^[0-9a-f]{64}$"' },
      { pointer: '/data/stage/0/memoryMiB', detail: 'must be >= 0' },
      { pointer: '/data/failover/0/actions/0/mode', detail: 'must be one of: warm, cold' },
      { pointer: '/data/node', detail: 'must be edge-1, the node this agent runs; got "edge-9"' },
      {
        pointer: '/data/sessions/1/app',
        detail: 'names vision a second time; a node holds one session per app',
      },
    ],
  },
];

const checkPlanSlice = compilePlanSliceCheck(readSpec());

describe('checkPlanSlice', () => {
  it.each(table)('given $name, reports exactly its problems', ({ given, want }) => {
    expect(checkPlanSlice(given, NODE)).toEqual(want);
  });
});
