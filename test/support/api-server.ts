import { Redis } from 'ioredis';
import { pino } from 'pino';
import { SERVE_DEFAULTS } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';
import type { RunningServer } from '../../src/server.ts';
import { createStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from './redis.ts';

export interface TestServer extends RunningServer {
  prefix: string;
  /** The store under the server's prefix, on a connection of the test's own. */
  store: Store;
  /** fetch against the server, JSON body and bearer token filled in. */
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** Like `call`, for test setup: throws unless the reply is a 2xx. */
  must(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** Closes the server and deletes the test's keys. */
  dispose(): Promise<void>;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON for JSON replies, the text otherwise. */
  body: unknown;
}

/** Starts the real planner service in this process on a free port, with its own prefix. */
export async function startTestServer(
  options: {
    label: string;
    apiToken?: string;
    redisUrl?: string;
    prefix?: string;
    /** Address to listen on (and agents to send direct heartbeats to). Default 127.0.0.1. */
    host?: string;
    /** Failure-detection timing for the server's controller. */
    controller?: { holdDownMs?: number };
    /** The router's largest inference body (`--infer-body-limit`), in bytes. */
    inferBodyLimitBytes?: number;
  } = { label: 'api' },
): Promise<TestServer> {
  const prefix = options.prefix ?? uniquePrefix(options.label);
  const server = await startServer(
    {
      ...SERVE_DEFAULTS,
      port: 0,
      ...(options.host === undefined ? {} : { host: options.host }),
      prefix,
      redisUrl: options.redisUrl ?? TEST_REDIS_URL,
      ...(options.apiToken ? { apiToken: options.apiToken } : {}),
      ...(options.inferBodyLimitBytes === undefined
        ? {}
        : { inferBodyLimitBytes: options.inferBodyLimitBytes }),
    },
    {
      // UNDERSTUDY_TEST_LOG_LEVEL=debug shows the server's logs when a test needs explaining.
      logger: pino({ level: process.env.UNDERSTUDY_TEST_LOG_LEVEL ?? 'silent' }),
      validateResponses: true,
      ...(options.controller ? { controller: options.controller } : {}),
    },
  );
  const redis = new Redis(options.redisUrl ?? TEST_REDIS_URL, { lazyConnect: true });
  return {
    ...server,
    prefix,
    store: createStore({ redis, prefix }),
    call: (method, path, callOptions) => call(server.url, method, path, callOptions),
    must: async (method, path, callOptions) => {
      const reply = await call(server.url, method, path, callOptions);
      if (reply.status >= 300) {
        throw new Error(
          `setup ${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`,
        );
      }
      return reply;
    },
    dispose: async () => {
      redis.disconnect();
      await server.close();
      await deletePrefix(prefix);
    },
  };
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? JSON.parse(text) : text,
  };
}
