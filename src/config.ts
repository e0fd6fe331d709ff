import { isIP } from 'node:net';

/** Raw serve settings as they come from flags and the environment. */
export interface ServeFlags {
  port?: string;
  host?: string;
  redis?: string;
  prefix?: string;
  bodyLimit?: string;
  inferBodyLimit?: string;
  logLevel?: string;
  holdDown?: string;
  advertise?: string;
}

/** Normalised, validated settings of `understudy serve`. */
export interface ServeConfig {
  /** TCP port; 0 picks a free one. Default 7070. */
  port: number;
  /** Address to listen on. Default 127.0.0.1. */
  host: string;
  /** Default redis://127.0.0.1:6379. */
  redisUrl: string;
  /** Key prefix of this cluster in Redis. Default `understudy`. */
  prefix: string;
  /** Bearer token for mutating routes (`UNDERSTUDY_API_TOKEN`), if any. */
  apiToken?: string;
  /** Largest request body of the REST API, in bytes. Default 1 MiB. */
  bodyLimitBytes: number;
  /** Largest inference request body the router forwards, in bytes. Default 64 MiB. */
  inferBodyLimitBytes: number;
  /** pino level. Default `info`. */
  logLevel: string;
  /** How long a failed node must beat steadily before it is re-admitted, in ms. Default 5000. */
  holdDownMs: number;
  /**
   * `host:port` agents reach this planner at, for direct heartbeats (UDP, same port as HTTP).
   * Default the listen address, unless that is a wildcard (0.0.0.0, ::).
   */
  advertise?: string;
}

export const SERVE_DEFAULTS = {
  port: 7070,
  host: '127.0.0.1',
  redisUrl: 'redis://127.0.0.1:6379',
  prefix: 'understudy',
  bodyLimitBytes: 1024 * 1024,
  inferBodyLimitBytes: 64 * 1024 * 1024,
  logLevel: 'info',
  holdDownMs: 5000,
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Flags first, then the environment (`UNDERSTUDY_*`, `REDIS_URL`), then defaults. Throws one
 * message per problem, all at once.
 */
export function resolveServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeConfig {
  const problems: string[] = [];
  const port = integer(
    flags.port ?? env.UNDERSTUDY_PORT,
    SERVE_DEFAULTS.port,
    0,
    65535,
    '--port',
    problems,
  );
  const host = flags.host ?? env.UNDERSTUDY_HOST ?? SERVE_DEFAULTS.host;
  const redisUrl =
    flags.redis ?? env.UNDERSTUDY_REDIS_URL ?? env.REDIS_URL ?? SERVE_DEFAULTS.redisUrl;
  const prefix = flags.prefix ?? env.UNDERSTUDY_PREFIX ?? SERVE_DEFAULTS.prefix;
  const apiToken = env.UNDERSTUDY_API_TOKEN || undefined;
  const bodyLimitBytes = integer(
    flags.bodyLimit,
    SERVE_DEFAULTS.bodyLimitBytes,
    1024,
    64 * 1024 * 1024,
    '--body-limit',
    problems,
  );
  const inferBodyLimitBytes = integer(
    flags.inferBodyLimit,
    SERVE_DEFAULTS.inferBodyLimitBytes,
    1024,
    1024 ** 3,
    '--infer-body-limit',
    problems,
  );
  const holdDownMs = integer(
    flags.holdDown ?? env.UNDERSTUDY_HOLD_DOWN_MS,
    SERVE_DEFAULTS.holdDownMs,
    0,
    3_600_000,
    '--hold-down',
    problems,
  );
  const logLevel = flags.logLevel ?? env.UNDERSTUDY_LOG_LEVEL ?? SERVE_DEFAULTS.logLevel;
  if (!/^rediss?:\/\//.test(redisUrl))
    problems.push(`--redis must be a redis:// or rediss:// URL, not "${redisUrl}"`);
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix)) {
    problems.push(`--prefix must be 1-64 letters, digits, '.', '_', ':' or '-', not "${prefix}"`);
  }
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const advertise = flags.advertise ?? env.UNDERSTUDY_ADVERTISE;
  if (advertise !== undefined && !/^(\[[0-9a-fA-F:]+\]|[^\s:]+):[0-9]{1,5}$/.test(advertise))
    problems.push(`--advertise must be host:port, not "${advertise}"`);
  if (apiToken === undefined && !isLoopback(host)) {
    problems.push(
      `refusing to listen on ${host} without a token: set UNDERSTUDY_API_TOKEN, or use --host 127.0.0.1`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    port,
    host,
    redisUrl,
    prefix,
    bodyLimitBytes,
    inferBodyLimitBytes,
    logLevel,
    holdDownMs,
    ...(apiToken ? { apiToken } : {}),
    ...(advertise ? { advertise } : {}),
  };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function integer(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
    return fallback;
  }
  return value;
}
