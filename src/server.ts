import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createApi } from './api/app.ts';
import type { ServeConfig } from './config.ts';
import { createRedisClient } from './store/redis-client.ts';
import { createStore } from './store/index.ts';
import { VERSION } from './version.ts';

/** A running planner service. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:7070`. */
  url: string;
  port: number;
  /** Stops accepting, finishes in-flight requests and closes Redis. */
  close(): Promise<void>;
}

/** Starts the planner service. Listening does not wait for Redis: `/readyz` says when it answers. */
export async function startServer(
  config: ServeConfig,
  deps: { logger: Logger; validateResponses?: boolean },
): Promise<RunningServer> {
  const redis = createRedisClient({ url: config.redisUrl });
  redis.on('error', (error: Error) => deps.logger.warn({ err: error.message }, 'redis connection'));
  const store = createStore({ redis, prefix: config.prefix });
  const app = createApi({
    store,
    logger: deps.logger,
    registry: new Registry(),
    bodyLimitBytes: config.bodyLimitBytes,
    version: VERSION,
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
    ...(deps.validateResponses ? { validateResponses: true } : {}),
  });
  const server: Server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
