/**
 * `understudy agent` settings: flags first, then the environment (`UNDERSTUDY_*`,
 * `REDIS_URL`), then defaults; normalised and validated once, every problem reported at once.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/** Raw flags as commander gives them. */
export interface AgentFlags {
  nodeId?: string;
  redis?: string;
  prefix?: string;
  listen?: string;
  advertise?: string;
  modelDir?: string;
  memoryMib?: string;
  domain?: string;
  heartbeatIntervalMs?: string;
  heartbeatTimeoutMs?: string;
  stallLimitMs?: string;
  intraOpThreads?: string;
  bodyLimit?: string;
  drainTimeoutMs?: string;
  logLevel?: string;
}

export interface AgentConfig {
  nodeId: string;
  redisUrl: string;
  prefix: string;
  /** Where the inference server listens; port 0 picks a free one. */
  listenHost: string;
  listenPort: number;
  /** `host:port` registered for clients; default the listen address (this host's name for 0.0.0.0). */
  advertise?: string;
  /** Absolute directory for staged model files. */
  modelDir: string;
  /** Memory for models, in MiB (the planner's unit). */
  memoryMiB: number;
  domain?: string;
  /** Time between heartbeats, in ms. Default 20 (see AGENT_DEFAULTS). */
  heartbeatIntervalMs: number;
  /** Suspect the node after this long without a heartbeat, in ms. Default 250. */
  heartbeatTimeoutMs: number;
  /** Stop heartbeating when the main thread has not run for this long, in ms. Default 10 000. */
  stallLimitMs: number;
  /** onnxruntime intra-op threads per session. Default 1. */
  intraOpThreads: number;
  /** Largest inference request body, in bytes. Default 16 MiB. */
  bodyLimitBytes: number;
  /** Longest SIGTERM drain before connections are forced shut, in ms. Default 10 000. */
  drainTimeoutMs: number;
  logLevel: string;
}

/**
 * Heartbeat defaults come from bench/agent/heartbeat-jitter.ts on this 2-core machine with both
 * cores saturated (two CPU burners, plus inference and a ~50 MB session build every 2 s on the
 * agent's main thread). Beats every 20 ms from the heartbeat thread: over 180 s (8 981 beats)
 * the longest silence was 123 ms (p99 24 ms, p99.9 55 ms), none over 150 ms. The 250 ms
 * timeout leaves twice that worst gap as margin, so a loaded but healthy node is not
 * suspected, and still bounds detection of a dead node at a quarter second when the
 * controller's fast-path signals miss it. On the main thread the same beats went silent for
 * up to 248 ms in 20 s (session builds are synchronous), hence the worker thread.
 * One intra-op thread per session: edge nodes run several sessions at once, and for small
 * models a second thread does not pay for its hand-offs (zoo, default scale: resnet152-like
 * p50 0.36 ms with one thread, 0.55 ms with two; efficientnet_b7-like 1.66 vs 1.64 ms).
 */
export const AGENT_DEFAULTS = {
  redisUrl: 'redis://127.0.0.1:6379',
  prefix: 'understudy',
  listen: '127.0.0.1:7171',
  heartbeatIntervalMs: 20,
  heartbeatTimeoutMs: 250,
  stallLimitMs: 10_000,
  intraOpThreads: 1,
  bodyLimitBytes: 16 * 1024 * 1024,
  drainTimeoutMs: 10_000,
  logLevel: 'info',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

type Tuning = Pick<
  AgentConfig,
  | 'heartbeatIntervalMs'
  | 'heartbeatTimeoutMs'
  | 'stallLimitMs'
  | 'intraOpThreads'
  | 'bodyLimitBytes'
  | 'drainTimeoutMs'
>;

/** The integer options with a default: flag field, flag name, default and range. */
const TUNING: ReadonlyArray<{
  key: keyof Tuning;
  flag: keyof AgentFlags;
  name: string;
  min: number;
  max: number;
}> = [
  {
    key: 'heartbeatIntervalMs',
    flag: 'heartbeatIntervalMs',
    name: '--heartbeat-interval-ms',
    min: 1,
    max: 60_000,
  },
  {
    key: 'heartbeatTimeoutMs',
    flag: 'heartbeatTimeoutMs',
    name: '--heartbeat-timeout-ms',
    min: 1,
    max: 600_000,
  },
  { key: 'stallLimitMs', flag: 'stallLimitMs', name: '--stall-limit-ms', min: 100, max: 3_600_000 },
  { key: 'intraOpThreads', flag: 'intraOpThreads', name: '--intra-op-threads', min: 1, max: 256 },
  { key: 'bodyLimitBytes', flag: 'bodyLimit', name: '--body-limit', min: 1024, max: 1024 ** 3 },
  {
    key: 'drainTimeoutMs',
    flag: 'drainTimeoutMs',
    name: '--drain-timeout-ms',
    min: 0,
    max: 600_000,
  },
];

export function resolveAgentConfig(flags: AgentFlags, env: NodeJS.ProcessEnv): AgentConfig {
  const problems: string[] = [];
  const config: AgentConfig = {
    ...identity(flags, env, problems),
    ...placement(flags, env, problems),
    ...tuning(flags, problems),
  };
  if (problems.length > 0) throw new Error(problems.join('; '));
  return config;
}

function identity(flags: AgentFlags, env: NodeJS.ProcessEnv, problems: string[]) {
  const nodeId = flags.nodeId ?? env.UNDERSTUDY_NODE_ID ?? '';
  if (!ID_PATTERN.test(nodeId)) {
    problems.push(
      `--node-id must be 1-63 lower-case letters, digits, '.', '_' or '-' starting with a letter or digit, not "${nodeId}"`,
    );
  }
  const redisUrl =
    flags.redis ?? env.UNDERSTUDY_REDIS_URL ?? env.REDIS_URL ?? AGENT_DEFAULTS.redisUrl;
  if (!/^rediss?:\/\//.test(redisUrl))
    problems.push(`--redis must be a redis:// or rediss:// URL, not "${redisUrl}"`);
  const prefix = flags.prefix ?? env.UNDERSTUDY_PREFIX ?? AGENT_DEFAULTS.prefix;
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(prefix))
    problems.push(`--prefix must be 1-64 letters, digits, '.', '_', ':' or '-', not "${prefix}"`);
  const logLevel = flags.logLevel ?? env.UNDERSTUDY_LOG_LEVEL ?? AGENT_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return { nodeId, redisUrl, prefix, logLevel };
}

function placement(flags: AgentFlags, env: NodeJS.ProcessEnv, problems: string[]) {
  const listen = hostPort(flags.listen ?? AGENT_DEFAULTS.listen, '--listen', problems);
  if (flags.advertise !== undefined) hostPort(flags.advertise, '--advertise', problems);
  const modelDir = flags.modelDir ?? env.UNDERSTUDY_MODEL_DIR ?? '';
  if (modelDir === '')
    problems.push('--model-dir is required: the directory for staged model files');
  let memoryMiB = Number(flags.memoryMib);
  if (flags.memoryMib === undefined) {
    problems.push('--memory-mib is required: the memory for models, in MiB');
  } else if (!(memoryMiB > 0 && memoryMiB <= 16_777_216) || flags.memoryMib.trim() === '') {
    problems.push(
      `--memory-mib must be a number above 0 and at most 16777216, not "${flags.memoryMib}"`,
    );
    memoryMiB = Number.NaN;
  }
  const domain = flags.domain;
  if (domain !== undefined && (domain.length < 1 || domain.length > 64))
    problems.push('--domain must be 1-64 characters');
  return {
    listenHost: listen.host,
    listenPort: listen.port,
    ...(flags.advertise === undefined ? {} : { advertise: flags.advertise }),
    modelDir: resolve(modelDir),
    memoryMiB,
    ...(domain === undefined ? {} : { domain }),
  };
}

function tuning(flags: AgentFlags, problems: string[]): Tuning {
  const values: Record<keyof Tuning, number> = { ...AGENT_DEFAULTS };
  for (const option of TUNING) {
    const raw = flags[option.flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < option.min || value > option.max) {
      problems.push(
        `${option.name} must be an integer from ${option.min} to ${option.max}, not "${raw}"`,
      );
      continue;
    }
    values[option.key] = value;
  }
  if (values.heartbeatTimeoutMs <= values.heartbeatIntervalMs) {
    problems.push(
      `--heartbeat-timeout-ms (${values.heartbeatTimeoutMs}) must be longer than --heartbeat-interval-ms (${values.heartbeatIntervalMs})`,
    );
  }
  const { heartbeatIntervalMs, heartbeatTimeoutMs, stallLimitMs, intraOpThreads } = values;
  const { bodyLimitBytes, drainTimeoutMs } = values;
  return {
    heartbeatIntervalMs,
    heartbeatTimeoutMs,
    stallLimitMs,
    intraOpThreads,
    bodyLimitBytes,
    drainTimeoutMs,
  };
}

/** The `host:port` clients should use: `--advertise`, else the bound address. */
export function advertisedAddress(config: AgentConfig, boundPort: number): string {
  if (config.advertise !== undefined) return config.advertise;
  const unspecified = config.listenHost === '0.0.0.0' || config.listenHost === '::';
  const host = unspecified ? hostname() : config.listenHost;
  return `${isIP(host) === 6 ? `[${host}]` : host}:${boundPort}`;
}

function hostPort(value: string, name: string, problems: string[]): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    problems.push(`${name} must be HOST:PORT with a port from 0 to 65535, not "${value}"`);
    return { host: '127.0.0.1', port: 0 };
  }
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}
