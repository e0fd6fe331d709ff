/**
 * Finds a Redis for the demo, in this order: the URL in the environment (`UNDERSTUDY_REDIS_URL`
 * or `REDIS_URL`), which must answer; else the default URL if a Redis answers there; else a
 * private `redis-server` child on a free port (no persistence), if the binary is on the PATH;
 * else a `CliError` with one sentence on how to get Redis.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { CliError } from '../cli/cli-error.ts';
import { freePort } from '../kit/free-port.ts';
import { ProcessHandle } from '../kit/process-handle.ts';
import { waitUntil } from '../kit/wait-until.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const NO_REDIS_MESSAGE =
  'No Redis found: set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server (apt-get install redis-server).';

/** The Redis the demo uses; `stop()` ends the private server, if one was started. */
export interface ResolvedRedis {
  url: string;
  source: 'env' | 'default' | 'private';
  /** The private `redis-server`'s pid; undefined when the Redis is not ours. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface ResolveRedisOptions {
  /** Read for `UNDERSTUDY_REDIS_URL`, `REDIS_URL` and `PATH`. */
  env: NodeJS.ProcessEnv;
  /** Tried when the environment names no Redis. Default `redis://127.0.0.1:6379`. */
  defaultUrl?: string;
  /** Finds an executable; default a search of `env.PATH`. Undefined when there is none. */
  findBinary?: (name: string) => Promise<string | undefined>;
  /** How long one PING may take, in ms. Default 1000. */
  pingTimeoutMs?: number;
  /** How long a private `redis-server` may take to answer, in ms. Default 10 000. */
  startTimeoutMs?: number;
}

export async function resolveRedis(options: ResolveRedisOptions): Promise<ResolvedRedis> {
  const pingTimeoutMs = options.pingTimeoutMs ?? 1_000;
  const named = namedUrl(options.env);
  if (named !== undefined) {
    const answer = await ping(named.url, pingTimeoutMs);
    if (answer !== 'PONG') {
      throw new CliError(
        `${named.variable} is ${named.url} but no Redis answers there (${answer}); start it or unset ${named.variable}.`,
        1,
      );
    }
    return notOurs(named.url, 'env');
  }
  const defaultUrl = options.defaultUrl ?? DEFAULT_REDIS_URL;
  if ((await ping(defaultUrl, pingTimeoutMs)) === 'PONG') return notOurs(defaultUrl, 'default');
  const findBinary = options.findBinary ?? ((name: string) => findOnPath(name, options.env));
  const binary = await findBinary('redis-server');
  if (binary === undefined) throw new CliError(NO_REDIS_MESSAGE, 1);
  return startPrivateRedis(binary, { pingTimeoutMs, startTimeoutMs: options.startTimeoutMs });
}

function namedUrl(env: NodeJS.ProcessEnv): { variable: string; url: string } | undefined {
  for (const variable of ['UNDERSTUDY_REDIS_URL', 'REDIS_URL']) {
    const url = env[variable]?.trim();
    if (url === undefined || url === '') continue;
    if (!/^rediss?:\/\//.test(url))
      throw new CliError(`${variable} must be a redis:// or rediss:// URL, not "${url}".`, 1);
    return { variable, url };
  }
  return undefined;
}

function notOurs(url: string, source: 'env' | 'default'): ResolvedRedis {
  return { url, source, pid: undefined, stop: async () => undefined };
}

/** `PONG`, or why there was no answer (e.g. `ECONNREFUSED`). Never throws. */
export async function ping(url: string, timeoutMs: number): Promise<string> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket's error (ECONNREFUSED) says more than the rejection ("Connection is closed.").
  let socketError: NodeJS.ErrnoException | undefined;
  redis.on('error', (error: NodeJS.ErrnoException) => (socketError ??= error));
  try {
    await redis.connect();
    return await redis.ping();
  } catch (error) {
    const { code, message } = socketError ?? (error as NodeJS.ErrnoException);
    return code ?? message;
  } finally {
    redis.disconnect();
  }
}

/** The first executable `name` on `env.PATH`, or undefined. */
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const START_ATTEMPTS = 3;

async function startPrivateRedis(
  binary: string,
  timing: { pingTimeoutMs: number; startTimeoutMs: number | undefined },
): Promise<ResolvedRedis> {
  let lastProblem = '';
  // A free port can be taken between our probe and the server's bind; try a few.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const server = ProcessHandle.spawn({
      name: 'redis-server',
      command: binary,
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      // Its own process group: a Ctrl-C in the terminal reaches the demo, which stops the
      // server last, after everything that uses it.
      detached: true,
    });
    let spawnError = '';
    server.child.on('error', (error) => (spawnError = error.message));
    const url = `redis://127.0.0.1:${port}`;
    if (await answers(server, url, timing)) {
      const stop = async () => void (await server.stop({ graceMs: 5_000 }));
      return { url, source: 'private', pid: server.pid, stop };
    }
    await server.stop({ graceMs: 1_000 });
    lastProblem = spawnError || (server.tail(1).at(-1)?.trim() ?? '');
  }
  throw new CliError(
    `${binary} did not start a Redis we could reach (${lastProblem || 'no output'}); set REDIS_URL instead.`,
    1,
  );
}

/** True once the server answers PING; false if it exits or does not answer in time. */
async function answers(
  server: ProcessHandle,
  url: string,
  timing: { pingTimeoutMs: number; startTimeoutMs: number | undefined },
): Promise<boolean> {
  return waitUntil(
    `${url} answering`,
    async () => {
      if (!server.running) return false;
      return (await ping(url, timing.pingTimeoutMs)) === 'PONG' || undefined;
    },
    { timeoutMs: timing.startTimeoutMs ?? 10_000, intervalMs: 50 },
  ).catch(() => false);
}
