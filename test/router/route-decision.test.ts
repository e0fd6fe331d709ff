import { describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import type { ClusterEvent, EventData, EventType } from '../../core/events.ts';
import {
  NOTHING_APPLIED,
  appliedAfterEvent,
  appliedAtStart,
  routesAfterApplied,
  routesAfterEvent,
  routesFromPlan,
} from '../../src/router/route-decision.ts';
import type { AppliedVersions, NodeView, Route } from '../../src/router/route-decision.ts';

type Plan = components['schemas']['Plan'];

const nodes = new Map<string, NodeView>([
  ['a', { address: '10.0.0.1:7000', status: 'up' }],
  ['b', { address: '10.0.0.2:7000', status: 'up' }],
  ['c', { address: '10.0.0.3:7000', status: 'down' }],
  ['d', { address: '10.0.0.4:7000', status: 'draining' }],
]);

const onA: Route = {
  app: 'cam',
  state: 'serving',
  node: 'a',
  address: '10.0.0.1:7000',
  variant: 'resnet50',
  role: 'primary',
  planVersion: 3,
};
const onB: Route = { ...onA, node: 'b', address: '10.0.0.2:7000', role: 'understudy' };
/** onA moved to b by plan 4: where the app goes once b has applied plan 4. */
const movedToB: Route = { ...onA, node: 'b', address: '10.0.0.2:7000', planVersion: 4 };

function applied(byNode: Record<string, number>, floor = 0): AppliedVersions {
  return { byNode: new Map(Object.entries(byNode)), floor };
}

/** An event with the fields a case needs; the rest of its payload does not matter here. */
function event<T extends EventType>(type: T, data: Partial<EventData<T>>): ClusterEvent {
  return {
    id: '1-0',
    type,
    at: new Date(0).toISOString(),
    atMs: 0,
    data,
  } as unknown as ClusterEvent;
}

function plan(version: number, primaries: Array<[string, string, string]>): Plan {
  return {
    version,
    assignments: primaries.map(([app, node, variant]) => ({
      app,
      primary: { node, variant },
      understudy: null,
      expectedAccuracy: null,
      expectedRecoveryMs: null,
    })),
  } as unknown as Plan; // only assignments and version matter to the decision
}

describe('routesAfterEvent', () => {
  const table: Array<{
    name: string;
    given: { route: Route; event: ClusterEvent };
    want: Route[];
  }> = [
    {
      name: 'node.failed for the serving node makes the route pending',
      given: { route: onA, event: event('node.failed', { node: 'a' }) },
      want: [{ ...onA, state: 'pending' }],
    },
    {
      name: 'node.failed for another node changes nothing',
      given: { route: onA, event: event('node.failed', { node: 'b' }) },
      want: [],
    },
    {
      name: 'failover.served routes to the understudy with its variant',
      given: {
        route: { ...onA, state: 'pending' },
        event: event('failover.served', { app: 'cam', node: 'b', variant: 'resnet18' }),
      },
      want: [{ ...onB, variant: 'resnet18' }],
    },
    {
      name: 'failover.served for another app changes nothing',
      given: { route: onA, event: event('failover.served', { app: 'x', node: 'b', variant: 'v' }) },
      want: [],
    },
    {
      name: 'failover.upgraded swaps the variant where the understudy serves',
      given: {
        route: { ...onB, variant: 'b0' },
        event: event('failover.upgraded', { app: 'cam', node: 'b', variant: 'b3' }),
      },
      want: [{ ...onB, variant: 'b3' }],
    },
    {
      name: 'failover.upgraded on another node is stale and changes nothing',
      given: {
        route: onA,
        event: event('failover.upgraded', { app: 'cam', node: 'b', variant: 'b3' }),
      },
      want: [],
    },
    {
      name: 'model.failed for the routed node and variant makes the route unavailable, saying why',
      given: {
        route: onA,
        event: event('model.failed', {
          app: 'cam',
          node: 'a',
          variant: 'resnet50',
          code: 'MODEL_INVALID',
          message: 'not ONNX',
        }),
      },
      want: [{ ...onA, state: 'unavailable', reason: 'MODEL_INVALID on a: not ONNX' }],
    },
    {
      name: 'model.failed for another variant or node changes nothing',
      given: {
        route: onA,
        event: event('model.failed', { app: 'cam', node: 'b', variant: 'resnet50', code: 'X' }),
      },
      want: [],
    },
    {
      name: 'failover.failed of the understudy a pending route waits for makes it unavailable',
      given: {
        route: { ...onA, state: 'pending' },
        event: event('failover.failed', {
          app: 'cam',
          node: 'b',
          variant: 'resnet18',
          step: 'warm',
          code: 'INFERENCE_FAILED',
          message: 'no answer',
        }),
      },
      want: [{ ...onA, state: 'unavailable', reason: 'INFERENCE_FAILED on b: no answer' }],
    },
    {
      name: 'a failed upgrade leaves the first step serving',
      given: {
        route: { ...onB, variant: 'b0' },
        event: event('failover.failed', { app: 'cam', node: 'b', variant: 'b3', step: 'upgrade' }),
      },
      want: [],
    },
    {
      name: 'failover.served after all serves, without the old reason',
      given: {
        route: { ...onA, state: 'unavailable', reason: 'MODEL_INVALID on a: not ONNX' },
        event: event('failover.served', { app: 'cam', node: 'b', variant: 'resnet18' }),
      },
      want: [{ ...onB, variant: 'resnet18' }],
    },
    {
      name: 'node.recovered changes nothing (only a new plan does)',
      given: { route: onB, event: event('node.recovered', { node: 'a' }) },
      want: [],
    },
  ];
  for (const { name, given, want } of table)
    it(name, () => {
      const changed = routesAfterEvent(
        new Map([[given.route.app, given.route]]),
        given.event,
        nodes,
      );
      expect([...changed.values()]).toEqual(want);
    });
});

describe('routesFromPlan', () => {
  const table: Array<{
    name: string;
    given: { plan: Plan; previous: Route[]; applied?: AppliedVersions };
    want: { routes: Route[]; waiting?: Array<[string, string]> };
  }> = [
    {
      name: 'keeps an app served elsewhere until its new primary node has applied the plan',
      given: { plan: plan(4, [['cam', 'b', 'resnet50']]), previous: [onA] },
      want: { routes: [onA], waiting: [['cam', 'b']] },
    },
    {
      name: 'still keeps it when the new primary node applied only an older plan',
      given: {
        plan: plan(4, [['cam', 'b', 'resnet50']]),
        previous: [onA],
        applied: applied({ b: 3 }),
      },
      want: { routes: [onA], waiting: [['cam', 'b']] },
    },
    {
      name: 'moves it at once when the new primary node has already applied the plan',
      given: {
        plan: plan(4, [['cam', 'b', 'resnet50']]),
        previous: [onA],
        applied: applied({ b: 4 }),
      },
      want: { routes: [movedToB] },
    },
    {
      name: 'moves it at once when the plan was applied everywhere (start-up)',
      given: {
        plan: plan(4, [['cam', 'b', 'resnet50']]),
        previous: [onA],
        applied: appliedAtStart(plan(4, [])),
      },
      want: { routes: [movedToB] },
    },
    {
      name: 'waits when the same node is planned to serve another variant',
      given: { plan: plan(4, [['cam', 'a', 'resnet101']]), previous: [onA] },
      want: { routes: [onA], waiting: [['cam', 'a']] },
    },
    {
      name: 'switches at once where the app is served now (same node and variant)',
      // The re-protection plan keeps the app on the understudy that took over.
      given: { plan: plan(4, [['cam', 'b', 'r18']]), previous: [{ ...onB, variant: 'r18' }] },
      want: { routes: [{ ...onB, variant: 'r18', role: 'primary', planVersion: 4 }] },
    },
    {
      name: 'routes a pending app to its new primary at once',
      given: {
        plan: plan(4, [['cam', 'b', 'resnet50']]),
        previous: [{ ...onA, state: 'pending' }],
      },
      want: { routes: [movedToB] },
    },
    {
      name: 'routes an app at once when its current node is down',
      given: {
        plan: plan(4, [['cam', 'b', 'resnet50']]),
        previous: [{ ...onA, node: 'c', address: '10.0.0.3:7000' }],
      },
      want: { routes: [movedToB] },
    },
    {
      name: 'routes an app at once when its current node is draining',
      given: {
        plan: plan(4, [['cam', 'b', 'resnet50']]),
        previous: [{ ...onA, node: 'd', address: '10.0.0.4:7000' }],
      },
      want: { routes: [movedToB] },
    },
    {
      name: 'routes a new app to its planned primary',
      given: { plan: plan(4, [['cam', 'b', 'resnet50']]), previous: [] },
      want: { routes: [movedToB] },
    },
    {
      name: 'keeps the serving understudy when the planned primary node is down',
      given: { plan: plan(4, [['cam', 'c', 'resnet50']]), previous: [{ ...onB, variant: 'r18' }] },
      want: { routes: [{ ...onB, variant: 'r18' }] },
    },
    {
      name: 'is pending when the planned primary node is down and nothing else serves',
      given: { plan: plan(4, [['cam', 'c', 'resnet50']]), previous: [] },
      want: {
        routes: [{ ...onA, state: 'pending', node: 'c', address: '10.0.0.3:7000', planVersion: 4 }],
      },
    },
    {
      name: 'is pending when the planned primary node is unknown',
      given: { plan: plan(4, [['cam', 'z', 'resnet50']]), previous: [] },
      want: { routes: [{ ...onA, state: 'pending', node: 'z', address: '', planVersion: 4 }] },
    },
  ];
  for (const { name, given, want } of table)
    it(name, () => {
      const previous = new Map(given.previous.map((route) => [route.app, route]));
      const result = routesFromPlan(given.plan, nodes, previous, given.applied ?? NOTHING_APPLIED);
      expect([...result.routes.values()]).toEqual(want.routes);
      expect([...result.waiting]).toEqual(want.waiting ?? []);
    });
});

describe('routesAfterApplied', () => {
  const plan4 = plan(4, [
    ['cam', 'b', 'resnet50'],
    ['gate', 'a', 'resnet50'],
  ]);
  const waiting = new Map([['cam', 'b']]);

  it('switches the apps waiting on a node once it applied the plan', () => {
    const result = routesAfterApplied(plan4, waiting, nodes, applied({ b: 4 }));
    expect([...result.routes.values()]).toEqual([movedToB]);
    expect([...result.waiting]).toEqual([]);
  });

  it('switches them when the node applied a newer plan', () => {
    const result = routesAfterApplied(plan4, waiting, nodes, applied({ b: 5 }));
    expect([...result.routes.values()]).toEqual([movedToB]);
  });

  describe('when the node applied only an older version', () => {
    it('switches nothing and keeps waiting', () => {
      const result = routesAfterApplied(plan4, waiting, nodes, applied({ a: 4, b: 3 }));
      expect([...result.routes.values()]).toEqual([]);
      expect([...result.waiting]).toEqual([['cam', 'b']]);
    });
  });

  it('routes to the node as serving even if the table last read it as down', () => {
    const toC = plan(4, [['cam', 'c', 'resnet50']]);
    const result = routesAfterApplied(toC, new Map([['cam', 'c']]), nodes, applied({ c: 4 }));
    expect([...result.routes.values()]).toEqual([
      { ...onA, node: 'c', address: '10.0.0.3:7000', planVersion: 4 },
    ]);
  });

  it('forgets an app the plan no longer lists', () => {
    const result = routesAfterApplied(plan4, new Map([['gone', 'b']]), nodes, applied({ b: 4 }));
    expect(result.routes.size + result.waiting.size).toBe(0);
  });
});

describe('appliedAfterEvent', () => {
  const report = (data: Partial<EventData<'plan.applied'>>) => event('plan.applied', data);

  it.each(['applied', 'unchanged', 'ignored-older'] as const)(
    'records the version a node reports with outcome %s',
    (outcome) => {
      const after = appliedAfterEvent(
        NOTHING_APPLIED,
        report({ node: 'b', planVersion: 4, outcome }),
      );
      expect([...after.byNode]).toEqual([['b', 4]]);
    },
  );

  it('keeps the highest version a node reported', () => {
    const after = appliedAfterEvent(applied({ b: 5 }), report({ node: 'b', planVersion: 4 }));
    expect([...after.byNode]).toEqual([['b', 5]]);
  });

  it('ignores other events', () => {
    const before = applied({ b: 1 });
    expect(appliedAfterEvent(before, event('node.failed', { node: 'b', planVersion: 9 }))).toBe(
      before,
    );
  });

  it('counts the start-up plan as applied on every node', () => {
    const start = appliedAtStart(plan(4, []));
    expect(appliedAfterEvent(start, report({ node: 'b', planVersion: 4 }))).toBe(start);
    expect(appliedAfterEvent(start, report({ node: 'b', planVersion: 5 })).byNode.get('b')).toBe(5);
  });
});
