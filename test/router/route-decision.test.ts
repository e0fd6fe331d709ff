import { describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import { routesAfterEvent, routesFromPlan } from '../../src/router/route-decision.ts';
import type { NodeView, Route } from '../../src/router/route-decision.ts';

type Plan = components['schemas']['Plan'];
type Event = components['schemas']['Event'];

const nodes = new Map<string, NodeView>([
  ['a', { address: '10.0.0.1:7000', status: 'up' }],
  ['b', { address: '10.0.0.2:7000', status: 'up' }],
  ['c', { address: '10.0.0.3:7000', status: 'down' }],
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

function event(type: Event['type'], data: Record<string, unknown>): Event {
  return { id: '1-0', type, at: new Date(0).toISOString(), atMs: 0, data };
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
  const table: Array<{ name: string; given: { route: Route; event: Event }; want: Route[] }> = [
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
      name: 'node.recovered changes nothing (only a new plan does)',
      given: { route: onB, event: event('node.recovered', { node: 'a' }) },
      want: [],
    },
    {
      name: 'an event missing its fields changes nothing',
      given: { route: onA, event: event('failover.served', { app: 'cam' }) },
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
    given: { plan: Plan; previous: Route[] };
    want: Route[];
  }> = [
    {
      name: 'routes each app to its planned primary',
      given: { plan: plan(4, [['cam', 'b', 'resnet50']]), previous: [onA] },
      want: [{ ...onA, node: 'b', address: '10.0.0.2:7000', planVersion: 4 }],
    },
    {
      name: 'keeps the serving understudy when the planned primary node is down',
      given: { plan: plan(4, [['cam', 'c', 'resnet50']]), previous: [{ ...onB, variant: 'r18' }] },
      want: [{ ...onB, variant: 'r18' }],
    },
    {
      name: 'is pending when the planned primary node is down and nothing else serves',
      given: { plan: plan(4, [['cam', 'c', 'resnet50']]), previous: [] },
      want: [{ ...onA, state: 'pending', node: 'c', address: '10.0.0.3:7000', planVersion: 4 }],
    },
    {
      name: 'is pending when the planned primary node is unknown',
      given: { plan: plan(4, [['cam', 'z', 'resnet50']]), previous: [] },
      want: [{ ...onA, state: 'pending', node: 'z', address: '', planVersion: 4 }],
    },
  ];
  for (const { name, given, want } of table)
    it(name, () => {
      const previous = new Map(given.previous.map((route) => [route.app, route]));
      expect([...routesFromPlan(given.plan, nodes, previous).values()]).toEqual(want);
    });
});
