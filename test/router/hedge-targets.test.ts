import { describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { ClusterEvent } from '../../core/events.ts';
import { hedgeTargetsFromPlan, nodeGoneBy } from '../../src/router/hedge-targets.ts';
import type { AppliedVersions, NodeView } from '../../src/router/route-decision.ts';

type Plan = components['schemas']['Plan'];
type Understudy = Plan['assignments'][number]['understudy'];

const nodes = new Map<string, NodeView>([
  ['a', { address: '10.0.0.1:7000', status: 'up' }],
  ['b', { address: '10.0.0.2:7000', status: 'up' }],
  ['s', { address: '10.0.0.3:7000', status: 'suspect' }],
  ['c', { address: '10.0.0.4:7000', status: 'down' }],
  ['d', { address: '10.0.0.5:7000', status: 'draining' }],
  ['x', { address: '', status: 'up' }],
]);
const ALL_APPLIED: AppliedVersions = { byNode: new Map(), floor: 5 };

/** Plan 5 with one app `cam` on node a and the understudy given. */
function planWith(understudy: Understudy): Plan {
  return {
    version: 5,
    assignments: [
      {
        app: 'cam',
        primary: { node: 'a', variant: 'resnet50' },
        understudy,
        expectedAccuracy: null,
        expectedRecoveryMs: null,
      },
    ],
  } as unknown as Plan;
}

const warmOn = (node: string): Understudy => ({ node, variant: 'resnet18', mode: 'warm' });

describe('hedgeTargetsFromPlan', () => {
  const cases: Array<{
    name: string;
    understudy: Understudy;
    applied?: AppliedVersions;
    gone?: string[];
    want: string | undefined;
  }> = [
    { name: 'a warm understudy on an up node', understudy: warmOn('b'), want: '10.0.0.2:7000' },
    { name: 'a suspect node still may answer', understudy: warmOn('s'), want: '10.0.0.3:7000' },
    {
      name: 'a cold understudy: only a file, nothing to answer with',
      understudy: { node: 'b', variant: 'resnet18', mode: 'cold' },
      want: undefined,
    },
    { name: 'no understudy (unprotected)', understudy: null, want: undefined },
    { name: 'on the primary’s own node', understudy: warmOn('a'), want: undefined },
    { name: 'on a down node', understudy: warmOn('c'), want: undefined },
    { name: 'on a draining node', understudy: warmOn('d'), want: undefined },
    { name: 'on a node with no address', understudy: warmOn('x'), want: undefined },
    { name: 'on an unknown node', understudy: warmOn('z'), want: undefined },
    {
      name: 'on a node an event said is gone',
      understudy: warmOn('b'),
      gone: ['b'],
      want: undefined,
    },
    {
      name: 'on a node that has not applied the plan yet',
      understudy: warmOn('b'),
      applied: { byNode: new Map([['b', 4]]), floor: 0 },
      want: undefined,
    },
    {
      name: 'on a node that reported the plan applied',
      understudy: warmOn('b'),
      applied: { byNode: new Map([['b', 5]]), floor: 0 },
      want: '10.0.0.2:7000',
    },
  ];
  for (const { name, understudy, applied, gone, want } of cases)
    it(name, () => {
      const targets = hedgeTargetsFromPlan(
        planWith(understudy),
        nodes,
        applied ?? ALL_APPLIED,
        new Set(gone),
      );
      expect(targets.get('cam')?.address).toBe(want);
      if (want !== undefined)
        expect(targets.get('cam')).toEqual({
          app: 'cam',
          node: understudy?.node,
          address: want,
          variant: 'resnet18',
        });
    });
});

describe('nodeGoneBy', () => {
  const event = (type: ClusterEvent['type']) =>
    ({ id: '1-0', type, at: '', atMs: 0, data: { node: 'b' } }) as unknown as ClusterEvent;
  const cases: Array<{ type: ClusterEvent['type']; want: string | undefined }> = [
    { type: 'node.failed', want: 'b' },
    { type: 'node.fenced', want: 'b' },
    { type: 'node.deregistered', want: 'b' },
    { type: 'node.suspected', want: undefined },
    { type: 'node.recovered', want: undefined },
    { type: 'plan.applied', want: undefined },
  ];
  for (const { type, want } of cases)
    it(`${type} → ${String(want)}`, () => expect(nodeGoneBy(event(type))).toBe(want));
});
