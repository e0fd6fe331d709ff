/**
 * The routing part of the planner for the benchmark: route table following the event
 * stream, forwarder, and `routingRouter` in a bare express app (mounted as the planner
 * mounts it: before any body parser). It runs in the benchmark's process; requests are
 * sent one at a time, so client and router never compete for the event loop.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { problemHandler } from '../../core/problem.ts';
import { routingRouter } from '../../src/api/routes/routing.ts';
import { InferForwarder } from '../../src/router/infer-forwarder.ts';
import { RouteTable } from '../../src/router/route-table.ts';
import { EventLog } from '../../core/event-log.ts';
import { Keys, createStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';

export interface RouterServer {
  port: number;
  store: Store;
  routes: RouteTable;
  close(): Promise<void>;
}

export async function startRouterServer(redisUrl: string, prefix: string): Promise<RouterServer> {
  const redis = new Redis(redisUrl);
  const followerRedis = new Redis(redisUrl);
  const store = createStore({ redis, prefix });
  const follower = new EventLog({ redis: followerRedis, keys: new Keys(prefix) });
  const logger = pino({ level: 'silent' });
  const routes = new RouteTable({ store, follower, logger });
  await routes.start();
  const forwarder = new InferForwarder({ routes });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(routingRouter({ routes, forwarder, bodyLimitBytes: 64 * 1024 * 1024 }));
  app.use(problemHandler(logger));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    store,
    routes,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await routes.stop();
      forwarder.close();
      redis.disconnect();
      followerRedis.disconnect();
    },
  };
}
