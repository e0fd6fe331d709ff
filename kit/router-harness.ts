/**
 * The routing part of the planner on its own port, in the caller's process: the route table
 * following a prefix's event stream, the forwarder, and `routingRouter` in a bare express app
 * mounted as the planner mounts it (before any body parser, no ETag, no `x-powered-by`). For
 * tests and benchmarks of the router without the rest of the planner.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { EventLog } from '../core/event-log.ts';
import { problemHandler } from '../core/problem.ts';
import type { components } from '../openapi/types.ts';
import { routingRouter } from '../src/api/routes/routing.ts';
import { SERVE_DEFAULTS } from '../src/config.ts';
import { InferForwarder } from '../src/router/infer-forwarder.ts';
import type { HedgeOptions } from '../src/router/hedge-policy.ts';
import { RouteTable } from '../src/router/route-table.ts';
import { Keys } from '../core/keys.ts';
import { createStore } from '../src/store/index.ts';
import type { Store } from '../src/store/index.ts';
import { planPublishedData } from './event-payloads.ts';

type Plan = components['schemas']['Plan'];

/** How long one read of the event stream blocks, in ms: `close()` resolves within it. */
const BLOCK_MS = 200;

export interface RouterHarnessOptions {
  redisUrl: string;
  prefix: string;
  /**
   * How long a request for an application whose node failed waits for its understudy to
   * serve, in ms. Default the forwarder's (5 000).
   */
  failoverWaitMs?: number;
  /** Hedging of late requests; the forwarder's defaults (hedge-policy.ts) when omitted. */
  hedge?: HedgeOptions;
}

/** What a started harness holds and closes. */
interface Parts {
  server: Server;
  store: Store;
  routes: RouteTable;
  forwarder: InferForwarder;
  connections: Redis[];
}

export class RouterHarness {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The store under the prefix, on a connection of the harness's own. */
  readonly store: Store;
  readonly routes: RouteTable;
  readonly forwarder: InferForwarder;
  /** Where the forwarder's counters are registered, as the planner's `/metrics` has them. */
  readonly registry: Registry;

  private constructor(private readonly parts: Parts & { registry: Registry }) {
    this.port = (parts.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.store = parts.store;
    this.routes = parts.routes;
    this.forwarder = parts.forwarder;
    this.registry = parts.registry;
  }

  /** Starts the route table and the server; resolves once the server listens. */
  static async start(options: RouterHarnessOptions): Promise<RouterHarness> {
    const redis = new Redis(options.redisUrl);
    const followerRedis = new Redis(options.redisUrl);
    const store = createStore({ redis, prefix: options.prefix });
    const follower = new EventLog({ redis: followerRedis, keys: new Keys(options.prefix) });
    const logger = pino({ level: 'silent' });
    const routes = new RouteTable({ store, follower, logger, blockMs: BLOCK_MS });
    await routes.start();
    const registry = new Registry();
    const forwarder = new InferForwarder({
      routes,
      failoverWaitMs: options.failoverWaitMs,
      hedge: options.hedge,
      registry,
    });
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use(
      routingRouter({ routes, forwarder, bodyLimitBytes: SERVE_DEFAULTS.inferBodyLimitBytes }),
    );
    app.use(problemHandler(logger));
    const server: Server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new RouterHarness({
      server,
      store,
      routes,
      forwarder,
      registry,
      connections: [redis, followerRedis],
    });
  }

  /** Publishes a plan as the planner does (the store, then `plan.published`); its version. */
  async publishPlan(plan: Plan): Promise<number> {
    const published = await this.store.plans.publish(plan);
    await this.store.events.append(
      'plan.published',
      planPublishedData({ version: published.version }),
    );
    return published.version;
  }

  /** Stops the server, the route table and the forwarder, and disconnects. */
  async close(): Promise<void> {
    const { server, routes, forwarder, connections } = this.parts;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await routes.stop();
    forwarder.close();
    for (const connection of connections) connection.disconnect();
  }
}
