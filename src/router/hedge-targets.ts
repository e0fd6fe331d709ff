/**
 * Where a late request may be hedged, as pure functions: for every application whose plan
 * assignment names a **warm** understudy (loaded, so it can answer at once), that
 * understudy's node and address. A cold understudy holds only a file, so it gets none. The
 * router's RouteTable keeps the map current; the forwarder reads it per request.
 */
import type { components } from '../../openapi/types.ts';
import type { ClusterEvent } from '../../core/events.ts';
import { appliedVersionOf } from './route-decision.ts';
import type { AppliedVersions, Nodes } from './route-decision.ts';

type Plan = components['schemas']['Plan'];

/** An application's warm understudy, where a hedge of its requests goes. */
export interface HedgeTarget {
  app: string;
  node: string;
  /** The agent's inference server, `host:port`. */
  address: string;
  variant: string;
}

/** Events after which a node can no longer answer hedges. */
const GONE = new Set<ClusterEvent['type']>(['node.failed', 'node.fenced', 'node.deregistered']);

/**
 * The plan's warm understudies that can answer now: on a node with an address that is
 * neither down nor draining nor `gone` (an event said so since the statuses were read), and
 * that has applied the plan (before that it may not have loaded the understudy yet, and a
 * hedge would only be refused).
 */
export function hedgeTargetsFromPlan(
  plan: Plan,
  nodes: Nodes,
  applied: AppliedVersions,
  gone: ReadonlySet<string> = new Set(),
): Map<string, HedgeTarget> {
  const targets = new Map<string, HedgeTarget>();
  for (const { app, primary, understudy } of plan.assignments) {
    if (understudy === null || understudy.mode !== 'warm' || understudy.node === primary.node)
      continue;
    const node = nodes.get(understudy.node);
    if (node === undefined || node.address === '' || gone.has(understudy.node)) continue;
    if (node.status === 'down' || node.status === 'draining') continue;
    if (appliedVersionOf(applied, understudy.node) < plan.version) continue;
    targets.set(app, {
      app,
      node: understudy.node,
      address: node.address,
      variant: understudy.variant,
    });
  }
  return targets;
}

/** The node an event says can no longer answer (it failed, was fenced or left), if any. */
export function nodeGoneBy(event: ClusterEvent): string | undefined {
  return GONE.has(event.type) && 'node' in event.data ? event.data.node : undefined;
}
