/**
 * Where every application is served now. Built from the current plan and the nodes'
 * addresses and statuses, then kept current by following the event stream (XREAD BLOCK on
 * a connection of its own): a failed node's routes turn `pending` until its understudy
 * reports `failover.served`; a published plan rebuilds the table, make-before-break: an
 * application served now moves to another node only once that node reports `plan.applied`
 * for the plan (the table tracks the highest version each node applied). The decisions
 * themselves are the pure functions in route-decision.ts; this class does the I/O and tells
 * waiters.
 */
import type { Logger } from 'pino';
import type { components } from '../../openapi/types.ts';
import type { EventLog } from '../../core/event-log.ts';
import { nodeOf } from '../../core/events.ts';
import type { ClusterEvent } from '../../core/events.ts';
import type { NodeDoc, Store } from '../store/index.ts';
import {
  NOTHING_APPLIED,
  appliedAfterEvent,
  appliedAtStart,
  routesAfterApplied,
  routesAfterEvent,
  routesFromPlan,
  sameRoute,
} from './route-decision.ts';
import type { AppliedVersions, NodeView, PlanRoutes, Route } from './route-decision.ts';
import { hedgeTargetsFromPlan, nodeGoneBy } from './hedge-targets.ts';
import type { HedgeTarget } from './hedge-targets.ts';

type Plan = components['schemas']['Plan'];

/** A route with the table's change counter at its last change (pass it to waitForChange). */
export type VersionedRoute = components['schemas']['Route'];

export type RouteListener = (route: VersionedRoute) => void;

/** Options for {@link RouteTable}. */
export interface RouteTableOptions {
  store: Pick<Store, 'plans' | 'state' | 'liveness'>;
  /** An EventLog on a Redis connection of its own: it blocks in XREAD. */
  follower: EventLog;
  logger: Logger;
  /** How long one XREAD blocks, in ms; also how long `stop()` may take. Default 500. */
  blockMs?: number;
}

export class RouteTable {
  private routes = new Map<string, VersionedRoute>();
  private nodes = new Map<string, NodeView>();
  /** The plan the routes follow, and the apps kept where they are until a node applies it. */
  private plan: Plan | undefined;
  private waiting = new Map<string, string>();
  private applied: AppliedVersions = NOTHING_APPLIED;
  private hedges: ReadonlyMap<string, HedgeTarget> = new Map();
  /** Nodes an event said failed, were fenced or left since their statuses were last read. */
  private readonly gone = new Set<string>();
  private readonly listeners = new Set<RouteListener>();
  private changes = 0;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: RouteTableOptions) {}

  /** Reads the current plan and starts following events; resolves once the table is built. */
  async start(): Promise<void> {
    // Take the cursor before reading the plan, so nothing between the two is missed.
    const cursor = await this.options.follower.lastCursor();
    await this.rebuild('start');
    this.running = true;
    this.loop = this.follow(cursor);
  }

  /** Stops following; resolves within `blockMs`. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  get(app: string): VersionedRoute | undefined {
    return this.routes.get(app);
  }

  all(): VersionedRoute[] {
    return [...this.routes.values()];
  }

  /**
   * The app's warm understudy per the current plan, where a late request may be hedged;
   * undefined when it has none, it is cold, or its node failed, left or has not applied the
   * plan. It may be the node serving the app now (after a failover): the caller checks.
   */
  hedgeTarget(app: string): HedgeTarget | undefined {
    return this.hedges.get(app);
  }

  /** Calls `listener` on every change; returns the function that unsubscribes. */
  onChange(listener: RouteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The app's route once its version is above `sinceVersion` — at once if it already is —
   * or `undefined` after `timeoutMs`. Resolves on the change itself; nothing polls.
   */
  waitForChange(
    app: string,
    sinceVersion: number,
    timeoutMs: number,
  ): Promise<VersionedRoute | undefined> {
    const now = this.routes.get(app);
    if (now !== undefined && now.version > sinceVersion) return Promise.resolve(now);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        unsubscribe();
        resolve(undefined);
      }, timeoutMs);
      const unsubscribe = this.onChange((route) => {
        if (route.app !== app) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(route);
      });
    });
  }

  private async follow(after: string): Promise<void> {
    const { follower, logger } = this.options;
    const blockMs = this.options.blockMs ?? 500;
    let cursor = after;
    while (this.running) {
      try {
        const page = await follower.readBlocking({ after: cursor, blockMs, limit: 100 });
        for (const event of page.items) await this.apply(event);
        cursor = page.next;
      } catch (error) {
        logger.warn({ err: error }, 'route table: reading events failed; retrying');
        // Redis is down or the event unreadable: back off so the loop does not spin.
        await new Promise((resolve) => setTimeout(resolve, blockMs));
      }
    }
  }

  private async apply(event: ClusterEvent): Promise<void> {
    if (event.type === 'plan.published') return this.rebuild('published');
    const named = nodeOf(event);
    if (named !== undefined && !this.nodes.has(named)) await this.readNodes();
    if (event.type === 'plan.applied') return this.onApplied(event);
    const gone = nodeGoneBy(event);
    if (gone !== undefined && !this.gone.has(gone)) {
      this.gone.add(gone);
      this.refreshHedges();
    }
    // A move whose new node could not load the app's variant is off: the route stays where
    // the app is served now (make-before-break).
    if (event.type === 'model.failed' && event.data.app !== undefined) {
      if (this.waiting.get(event.data.app) === event.data.node) {
        this.waiting.delete(event.data.app);
        return;
      }
    }
    for (const route of routesAfterEvent(this.routes, event, this.nodes).values())
      this.publish(route);
  }

  /** Switches the apps that waited on the node now reporting the plan applied. */
  private onApplied(event: ClusterEvent): void {
    const before = this.applied;
    this.applied = appliedAfterEvent(this.applied, event);
    if (this.plan === undefined) return;
    if (this.applied !== before) this.refreshHedges();
    if (this.waiting.size === 0) return;
    this.take(routesAfterApplied(this.plan, this.waiting, this.nodes, this.applied));
  }

  /**
   * Routes the current plan. At start-up there is nothing else to route to, so the plan is
   * taken as applied everywhere; afterwards moves wait for `plan.applied`.
   */
  private async rebuild(why: 'start' | 'published'): Promise<void> {
    const plan = await this.options.store.plans.current();
    await this.readNodes();
    if (plan === undefined) return;
    if (why === 'start') this.applied = appliedAtStart(plan);
    this.plan = plan;
    this.refreshHedges();
    const next = routesFromPlan(plan, this.nodes, this.routes, this.applied);
    for (const app of this.routes.keys()) if (!next.routes.has(app)) this.routes.delete(app);
    this.take(next);
  }

  /** Takes the plan's routes and what still waits for `plan.applied`. */
  private take({ routes, waiting }: PlanRoutes): void {
    this.waiting = waiting;
    for (const route of routes.values()) this.publish(route);
  }

  /** Recomputes where hedges may go, after the plan, the nodes or what they applied changed. */
  private refreshHedges(): void {
    if (this.plan === undefined) return;
    this.hedges = hedgeTargetsFromPlan(this.plan, this.nodes, this.applied, this.gone);
  }

  private async readNodes(): Promise<void> {
    const { state, liveness } = this.options.store;
    const docs = await state.list<NodeDoc>('node');
    const statuses = await liveness.getMany(docs.map(({ doc }) => doc.id));
    this.gone.clear();
    this.nodes = new Map(
      docs.map(({ doc }) => [
        doc.id,
        { address: doc.address ?? '', status: statuses.get(doc.id)?.status ?? 'down' },
      ]),
    );
  }

  /** Stores a route if it differs and tells every listener. */
  private publish(route: Route): void {
    const before = this.routes.get(route.app);
    if (before !== undefined && sameRoute(before, route)) return;
    const versioned: VersionedRoute = { ...route, version: ++this.changes };
    this.routes.set(route.app, versioned);
    for (const listener of this.listeners) listener(versioned);
  }
}
