import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { components } from '../../../openapi/types.ts';
import { problemHandler } from '../../../core/problem.ts';
import { routingRouter } from '../../../src/api/routes/routing.ts';
import { InferForwarder } from '../../../src/router/infer-forwarder.ts';
import { RouteTable } from '../../../src/router/route-table.ts';
import { EventLog } from '../../../core/event-log.ts';
import { Keys, createStore } from '../../../src/store/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { TEST_REDIS_URL } from '../../support/redis.ts';

type Plan = components['schemas']['Plan'];

/** The routing part of the planner, on its own port: route table, forwarder, router. */
export interface RouterHarness {
  url: string;
  store: Store;
  routes: RouteTable;
  close(): Promise<void>;
}

export async function startRouter(options: {
  prefix: string;
  failoverWaitMs: number;
}): Promise<RouterHarness> {
  const redis = new Redis(TEST_REDIS_URL);
  const followerRedis = new Redis(TEST_REDIS_URL);
  const store = createStore({ redis, prefix: options.prefix });
  const follower = new EventLog({ redis: followerRedis, keys: new Keys(options.prefix) });
  const logger = pino({ level: 'silent' });
  const routes = new RouteTable({ store, follower, logger, blockMs: 200 });
  await routes.start();
  const forwarder = new InferForwarder({ routes, failoverWaitMs: options.failoverWaitMs });
  const app = express();
  app.use(routingRouter({ routes, forwarder, bodyLimitBytes: 8 * 1024 * 1024 }));
  app.use(problemHandler(logger));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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

/** A publishable plan with the given primaries; the rest is what the store requires. */
export function planOf(primaries: Array<{ app: string; node: string; variant: string }>): Plan {
  return {
    version: 0,
    createdAt: new Date().toISOString(),
    inputsDigest: 'test',
    protection: 'node',
    nodes: [],
    unprotected: [],
    solver: { method: 'test', status: 'optimal', objective: 0, bestBound: 0, gapPct: 0, timeMs: 0 },
    assignments: primaries.map(({ app, node, variant }) => ({
      app,
      primary: { node, variant },
      understudy: null,
      expectedAccuracy: null,
      expectedRecoveryMs: null,
    })),
  };
}
