/**
 * What the router decides, as pure functions: where each application is served after a
 * plan or an event. No I/O here; RouteTable feeds these from Redis and announces changes.
 *
 * A new plan moves applications make-before-break: the agents apply their slices
 * asynchronously (loading a model takes ms to seconds) and the node that served an
 * application unloads it when it applies its own slice, so an application served now stays
 * where it is until its new primary node reports `plan.applied` for the plan, then switches.
 */
import type { components } from '../../openapi/types.ts';
import type { ClusterEvent, EventOf } from '../../core/events.ts';

type Plan = components['schemas']['Plan'];
type Assignment = Plan['assignments'][number];
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
 * The highest plan version each node has reported applied. Every `plan.applied` outcome
 * names the version the node holds (`unchanged` and `ignored-older` included), so each one
 * counts. `floor` counts for every node: at start-up the current plan is taken as applied
 * everywhere, as there is nothing else to route to.
 */
export interface AppliedVersions {
  byNode: ReadonlyMap<string, number>;
  floor: number;
}

/** A plan's routes, and the applications kept where they are until a node applies it. */
export interface PlanRoutes {
  routes: Map<string, Route>;
  /** app → the node whose `plan.applied` for the plan switches it to its new primary. */
  waiting: Map<string, string>;
}

/** Nothing applied anywhere yet: every node must report before an app moves to it. */
export const NOTHING_APPLIED: AppliedVersions = { byNode: new Map(), floor: 0 };

/** What start-up assumes: the current plan is applied everywhere. */
export function appliedAtStart(plan: Pick<Plan, 'version'> | undefined): AppliedVersions {
  return { byNode: new Map(), floor: plan?.version ?? 0 };
}

export function appliedVersionOf(applied: AppliedVersions, node: string): number {
  return Math.max(applied.floor, applied.byNode.get(node) ?? 0);
}

/** `applied` with a `plan.applied` event taken in; the same object when it adds nothing. */
export function appliedAfterEvent(applied: AppliedVersions, event: ClusterEvent): AppliedVersions {
  if (event.type !== 'plan.applied') return applied;
  const { node, planVersion } = event.data;
  if (appliedVersionOf(applied, node) >= planVersion) return applied;
  return { ...applied, byNode: new Map(applied.byNode).set(node, planVersion) };
}

/**
 * Routes for a newly published plan, app by app:
 * 1. planned primary node down, an understudy serving elsewhere: keep it (the failover is
 *    in force until a plan moves the app);
 * 2. served now on the planned primary node with the planned variant: switch at once;
 * 3. served now on an available node, and the new primary node has not applied the plan:
 *    keep the route and wait for that node's `plan.applied`;
 * 4. otherwise (not served now, or the new node already applied): the planned primary,
 *    `pending` if its node is down or unknown.
 */
export function routesFromPlan(
  plan: Plan,
  nodes: Nodes,
  previous: ReadonlyMap<string, Route>,
  applied: AppliedVersions,
): PlanRoutes {
  const result: PlanRoutes = { routes: new Map(), waiting: new Map() };
  for (const assignment of plan.assignments) {
    const { app, primary } = assignment;
    const before = previous.get(app);
    const target = primaryRoute(assignment, plan.version, nodes);
    if (before === undefined) result.routes.set(app, target);
    else if (keepsFailover(before, target, nodes)) result.routes.set(app, before);
    else if (before.state === 'serving' && !movesTo(before, target)) result.routes.set(app, target);
    else if (servesNow(before, nodes) && appliedVersionOf(applied, primary.node) < plan.version) {
      result.routes.set(app, before);
      result.waiting.set(app, primary.node);
    } else result.routes.set(app, target);
  }
  return result;
}

/**
 * The waiting apps whose node has now applied the plan, switched to their planned primary,
 * and those still waiting. A node that reported `plan.applied` is alive, so its route is
 * `serving` whatever status the table last read for it.
 */
export function routesAfterApplied(
  plan: Plan,
  waiting: ReadonlyMap<string, string>,
  nodes: Nodes,
  applied: AppliedVersions,
): PlanRoutes {
  const result: PlanRoutes = { routes: new Map(), waiting: new Map() };
  const assignments = new Map(plan.assignments.map((assignment) => [assignment.app, assignment]));
  for (const [app, node] of waiting) {
    const assignment = assignments.get(app);
    if (assignment === undefined) continue;
    if (appliedVersionOf(applied, node) < plan.version) result.waiting.set(app, node);
    else {
      const target = primaryRoute(assignment, plan.version, nodes);
      result.routes.set(app, { ...target, state: target.address === '' ? 'pending' : 'serving' });
    }
  }
  return result;
}

/**
 * The routes an event changes, keyed by app (only those that differ). `plan.published`,
 * `plan.applied` and `node.recovered` change nothing here: a new plan is read and passed to
 * routesFromPlan, an applied one to routesAfterApplied.
 */
export function routesAfterEvent(
  routes: ReadonlyMap<string, Route>,
  event: ClusterEvent,
  nodes: Nodes,
): Map<string, Route> {
  const changed = new Map<string, Route>();
  if (event.type === 'node.failed') {
    for (const route of routes.values())
      if (route.node === event.data.node && route.state === 'serving')
        changed.set(route.app, { ...route, state: 'pending' });
    return changed;
  }
  if (event.type === 'model.failed' || event.type === 'failover.failed') {
    const route = failedRoute(routes, event);
    if (route !== undefined) changed.set(route.app, route);
    return changed;
  }
  if (event.type !== 'failover.served' && event.type !== 'failover.upgraded') return changed;
  const { app, node, variant } = event.data;
  const route = routes.get(app);
  if (route === undefined) return changed;
  // An upgrade swaps the variant where the understudy already serves; anywhere else it is
  // stale (a newer plan moved the app) and changes nothing.
  if (event.type === 'failover.upgraded' && route.node !== node) return changed;
  const next: Route = {
    app,
    planVersion: route.planVersion,
    state: 'serving',
    node,
    address: nodes.get(node)?.address ?? '',
    variant,
    role: 'understudy',
  };
  if (!sameRoute(route, next)) changed.set(app, next);
  return changed;
}

/**
 * A node could not load the variant an app is routed to there, or the understudy meant to
 * take over from a failed node could not answer: the route says `unavailable`, with the
 * reason, instead of `serving` a model that cannot answer. A failed upgrade leaves the first
 * step serving, and is no reason.
 */
function failedRoute(
  routes: ReadonlyMap<string, Route>,
  event: EventOf<'model.failed' | 'failover.failed'>,
): Route | undefined {
  const { app, node, variant, code, message } = event.data;
  const route = app === undefined ? undefined : routes.get(app);
  if (route === undefined) return undefined;
  if (event.type === 'failover.failed') {
    if (event.data.step === 'upgrade' || route.state !== 'pending') return undefined;
  } else if (route.node !== node || route.variant !== variant) return undefined;
  return { ...route, state: 'unavailable', reason: `${code} on ${node}: ${message}` };
}

export function sameRoute(a: Route, b: Route): boolean {
  return (
    a.state === b.state &&
    a.reason === b.reason &&
    a.node === b.node &&
    a.address === b.address &&
    a.variant === b.variant &&
    a.role === b.role &&
    a.planVersion === b.planVersion
  );
}

/** The route to an assignment's primary: `pending` when its node is down or unknown. */
function primaryRoute(assignment: Assignment, planVersion: number, nodes: Nodes): Route {
  const { app, primary } = assignment;
  const node = nodes.get(primary.node);
  return {
    app,
    state: node === undefined || node.status === 'down' ? 'pending' : 'serving',
    node: primary.node,
    address: node?.address ?? '',
    variant: primary.variant,
    role: 'primary',
    planVersion,
  };
}

/** Rule 1: the planned primary node is down and an understudy serves the app elsewhere. */
function keepsFailover(before: Route, target: Route, nodes: Nodes): boolean {
  return (
    nodes.get(target.node)?.status === 'down' &&
    before.role === 'understudy' &&
    before.node !== target.node
  );
}

/**
 * Whether requests sent along the route are answered now: it is `serving` on a node the
 * table does not know to be down or draining (a draining agent refuses inference).
 */
function servesNow(route: Route, nodes: Nodes): boolean {
  const status = nodes.get(route.node)?.status;
  return (
    route.state === 'serving' && status !== undefined && status !== 'down' && status !== 'draining'
  );
}

/** Whether the target is elsewhere than the route: another node or another variant. */
function movesTo(route: Route, target: Route): boolean {
  return route.node !== target.node || route.variant !== target.variant;
}
