import { Redis } from 'ioredis';

/** Options for {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** How long one command may take before it fails, in ms. Default 2000. */
  commandTimeoutMs?: number;
  /** How long a connection attempt may take, in ms. Default 1000. */
  connectTimeoutMs?: number;
}

/**
 * A client that fails fast while Redis is away instead of queueing commands (so the API can
 * answer 503 at once) and keeps reconnecting in the background.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  return new Redis(options.url, {
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    lazyConnect: false,
  });
}
