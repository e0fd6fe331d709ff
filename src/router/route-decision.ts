/**
 * What the router decides, as pure functions: where each application is served after a
 * plan or an event. No I/O here; RouteTable feeds these from Redis and announces changes.
 */
import type { components } from '../../openapi/types.ts';

type Plan = components['schemas']['Plan'];
type Event = components['schemas']['Event'];
type NodeStatus = components['schemas']['NodeStatus'];

/**
 * Where an application is served (the wire `Route` without the table's change counter).
 * `serving`: send inference to `address`. `pending`: the node named is gone and the
 * understudy has not reported ready yet — wait for a change.
 */
export type Route = Omit<components['schemas']['Route'], 'version'>;

/** What the decisions need to know about a node. */
export interface NodeView {
  address: string;
  status: NodeStatus;
}

export type Nodes = ReadonlyMap<string, NodeView>;

/**
 * Routes for a newly published plan. An application whose planned primary node is down
 * keeps its previous route when that is an understudy serving elsewhere (the failover is
 * still in force until a plan moves it), and is pending otherwise.
 */
export function routesFromPlan(
  plan: Plan,
  nodes: Nodes,
  previous: ReadonlyMap<string, Route>,
): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const { app, primary } of plan.assignments) {
    const node = nodes.get(primary.node);
    const before = previous.get(app);
    if (node?.status === 'down' && before?.role === 'understudy' && before.node !== primary.node)
      routes.set(app, before);
    else
      routes.set(app, {
        app,
        state: node === undefined || node.status === 'down' ? 'pending' : 'serving',
        node: primary.node,
        address: node?.address ?? '',
        variant: primary.variant,
        role: 'primary',
        planVersion: plan.version,
      });
  }
  return routes;
}

/**
 * The routes an event changes, keyed by app (only those that differ). `plan.published` and
 * `node.recovered` change nothing here: a new plan is read and passed to routesFromPlan.
 */
export function routesAfterEvent(
  routes: ReadonlyMap<string, Route>,
  event: Event,
  nodes: Nodes,
): Map<string, Route> {
  const changed = new Map<string, Route>();
  const data = event.data;
  if (event.type === 'node.failed' && typeof data.node === 'string') {
    for (const route of routes.values())
      if (route.node === data.node && route.state === 'serving')
        changed.set(route.app, { ...route, state: 'pending' });
    return changed;
  }
  if (event.type !== 'failover.served' && event.type !== 'failover.upgraded') return changed;
  const { app, node, variant } = data;
  if (typeof app !== 'string' || typeof node !== 'string' || typeof variant !== 'string')
    return changed;
  const route = routes.get(app);
  if (route === undefined) return changed;
  // An upgrade swaps the variant where the understudy already serves; anywhere else it is
  // stale (a newer plan moved the app) and changes nothing.
  if (event.type === 'failover.upgraded' && route.node !== node) return changed;
  const next: Route = {
    ...route,
    state: 'serving',
    node,
    address: nodes.get(node)?.address ?? '',
    variant,
    role: 'understudy',
  };
  if (!sameRoute(route, next)) changed.set(app, next);
  return changed;
}

export function sameRoute(a: Route, b: Route): boolean {
  return (
    a.state === b.state &&
    a.node === b.node &&
    a.address === b.address &&
    a.variant === b.variant &&
    a.role === b.role &&
    a.planVersion === b.planVersion
  );
}
