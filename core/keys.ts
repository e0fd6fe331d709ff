/**
 * Every Redis key Understudy uses, built in one place from an injectable prefix so several
 * clusters and test runs can share one Redis. Keys use a `{prefix}` hash tag so a cluster's
 * keys land in one slot and multi-key scripts stay legal on Redis Cluster.
 */
export type ResourceKind = 'node' | 'family' | 'app';

export class Keys {
  readonly prefix: string;

  constructor(prefix: string) {
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix)) {
      throw new Error(`invalid key prefix ${JSON.stringify(prefix)}`);
    }
    this.prefix = prefix;
  }

  private key(...parts: string[]): string {
    return [`{${this.prefix}}`, ...parts].join(':');
  }

  /** Hash with `doc` (the resource's JSON) and `rev` (its revision, the ETag). */
  resource(kind: ResourceKind, id: string): string {
    return this.key(kind, id);
  }

  /** Sorted set (all scores 0, so ordered by id) of every resource of a kind. */
  index(kind: ResourceKind): string {
    return this.key(`${kind}s`);
  }

  /** Set of the apps whose primary is this variant of this family. */
  variantUsers(familyId: string, variantId: string): string {
    return this.key('variant-users', familyId, variantId);
  }

  /** Set of the apps pinned to a node. */
  nodePins(nodeId: string): string {
    return this.key('node-pins', nodeId);
  }

  /** Hash of a node's liveness as the controller sees it: `status`, `lastHeartbeatMs`. */
  nodeLiveness(nodeId: string): string {
    return this.key('node-liveness', nodeId);
  }

  /** Stream of cluster events. */
  events(): string {
    return this.key('events');
  }

  /** String holding one published plan's JSON. */
  plan(version: number): string {
    return this.key('plan', String(version));
  }

  /** Sorted set of published plan versions (score = version). */
  plans(): string {
    return this.key('plans');
  }

  /** Counter of plan versions; its value is the newest published version. */
  planVersion(): string {
    return this.key('plan-version');
  }

  /** String holding one solve's state (JSON), kept for a day. */
  solve(solveId: string): string {
    return this.key('solve', solveId);
  }

  /** String naming the planner replica that leads the controller, with an expiry. */
  leaderLease(): string {
    return this.key('leader');
  }

  /**
   * String `host:port` where agents send their direct heartbeats (UDP): the leading planner's,
   * written when it is elected.
   */
  heartbeatTarget(): string {
    return this.key('heartbeat-target');
  }

  /** String marking that a once-only step (a recovery event, a re-plan) was claimed or done. */
  once(name: string): string {
    return this.key('once', name);
  }

  /** Hash of the applications served by the understudy that took over: app → JSON. */
  standIns(): string {
    return this.key('stand-ins');
  }

  /** Hash of the variants nodes could not load or run: `family/variant/node` → JSON. */
  loadFailures(): string {
    return this.key('load-failures');
  }

  /** BullMQ's key prefix for this cluster's queues (same hash tag as every other key). */
  bullPrefix(): string {
    return `{${this.prefix}}:bull`;
  }

  /** Pattern matching every key of this prefix, for cleanup by tests and tools. */
  all(): string {
    return `{${this.prefix}}:*`;
  }
}
