import type { components } from '../openapi/types.ts';
import type { ClientLoop } from '../kit/client-loop.ts';
import type { EventFollower } from '../kit/event-follower.ts';
import type { ApiClient } from '../src/client/api-client.ts';
import type { Cleanup } from './cleanup.ts';
import type { DemoCluster } from './demo-cluster.ts';
import type { DemoApp, DemoNode } from './demo-cluster-spec.ts';
import type { DemoZoo } from './demo-zoo.ts';
import type { Progress } from './progress.ts';

type Plan = components['schemas']['Plan'];

/** Time limits of the demo's waits, in ms. */
export const DEMO_TIMEOUTS = {
  /** A solve to be published, a plan to be applied, routes to follow. */
  planMs: 30_000,
  /** Every application of the killed node answering from another node. */
  recoveryMs: 10_000,
  /** The planner's re-protection and fail-back plans (after the hold-down, for fail-back). */
  replanMs: 30_000,
  /** Clients settling on the fail-back plan's primaries. */
  settleMs: 10_000,
  /** A child process stopping after SIGTERM before it gets SIGKILL. */
  stopMs: 10_000,
};

/** What every phase of a running demo works with. */
export interface DemoContext {
  progress: Progress;
  signal: AbortSignal;
  cluster: DemoCluster;
  client: ApiClient;
  plannerUrl: string;
  events: EventFollower;
  zoo: DemoZoo;
  nodes: readonly DemoNode[];
  apps: readonly DemoApp[];
  /** The accuracy of an application's family's variant, or null. */
  accuracy(app: string, variant: string): number | null;
  /** Undo steps; whatever a phase starts, it adds the stopping of here. */
  cleanup: Cleanup;
  /** Things that did not happen as they should; the demo goes on and reports them. */
  problems: string[];
}

/** Where the demo stands once traffic flows on the first plan. */
export interface ServingCluster {
  plan: Plan;
  traffic: ClientLoop;
}
