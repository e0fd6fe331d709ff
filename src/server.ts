import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { checkPlan, solvePlan } from '../solver/index.ts';
import { createApi } from './api/app.ts';
import { Controller } from './controller/controller.ts';
import type { ControllerOptions } from './controller/controller.ts';
import { HeartbeatReceiver } from './controller/heartbeat-receiver.ts';
import { LeaderElection } from './controller/leader-election.ts';
import { RecoveryTracker } from './controller/recovery-tracker.ts';
import { PlanPublisher } from './plans/plan-publisher.ts';
import { SolveCoordinator } from './plans/solve-coordinator.ts';
import type { SolveFn } from './plans/solve-coordinator.ts';
import type { ServeConfig } from './config.ts';
import { createRedisClient } from '../core/redis-client.ts';
import { InferForwarder } from './router/infer-forwarder.ts';
import { RouteTable } from './router/route-table.ts';
import { eventCheck } from '../core/event-check.ts';
import { createStore } from './store/index.ts';
import type { Store } from './store/index.ts';
import { Lease } from './store/lease.ts';
import { VERSION } from '../core/version.ts';

/** Longest wait for the first Redis connection before listening anyway, in ms. */
const FIRST_CONNECTION_WAIT_MS = 2000;
/** Pause between attempts to load the route table while Redis is away, in ms. */
const ROUTES_RETRY_MS = 1000;

type ControllerTiming = Partial<
  Pick<
    ControllerOptions,
    'holdDownMs' | 'checkIntervalMs' | 'refreshIntervalMs' | 'beats' | 'heartbeatTarget' | 'silence'
  >
>;

/** A running planner service. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:7070`. */
  url: string;
  port: number;
  /** Stops accepting, finishes in-flight requests and closes Redis. */
  close(): Promise<void>;
}

/**
 * Starts the planner service. It waits for the first connection attempt to Redis (so the
 * first requests do not fail while the connection is merely being set up) but not for
 * Redis to be up: while it is away, `/readyz` and every route that needs it answer 503.
 */
export async function startServer(
  config: ServeConfig,
  deps: {
    logger: Logger;
    validateResponses?: boolean;
    /** Timing of failure detection (tests shorten the hold-down). */
    controller?: ControllerTiming;
  },
): Promise<RunningServer> {
  const redis = createRedisClient({ url: config.redisUrl });
  redis.on('error', (error: Error) => deps.logger.warn({ err: error.message }, 'redis connection'));
  await firstConnectionAttempt(redis);
  const store = createStore({ redis, prefix: config.prefix, eventCheck: eventCheck(deps.logger) });
  const publisher = new PlanPublisher({ connection: redis, keys: store.keys });
  const solve: SolveFn = (problem) => solvePlan(problem);
  const solves = new SolveCoordinator({
    store,
    publisher,
    solve,
    check: checkPlan,
    logger: deps.logger,
  });
  const registry = new Registry();
  const routing = await startRouting(config.redisUrl, store, registry, deps.logger);
  const app = createApi({
    store,
    solves,
    solve,
    routing: { routes: routing.routes, forwarder: routing.forwarder },
    logger: deps.logger,
    registry,
    bodyLimitBytes: config.bodyLimitBytes,
    inferBodyLimitBytes: config.inferBodyLimitBytes,
    version: VERSION,
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
    ...(deps.validateResponses ? { validateResponses: true } : {}),
  });
  const server: Server = app.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const beats = await startHeartbeatReceiver(config, port, deps.logger);
  const heartbeatTarget =
    config.advertise ?? (isWildcard(config.host) ? undefined : `${host}:${port}`);
  if (beats !== undefined && heartbeatTarget === undefined)
    deps.logger.warn(
      { host: config.host },
      'listening on a wildcard address without --advertise: agents cannot send direct heartbeats, silent nodes are seen by the heartbeats in Redis only',
    );
  const leadership = startLeadership({
    redis,
    store,
    solves,
    registry,
    logger: deps.logger,
    controller: {
      holdDownMs: config.holdDownMs,
      ...(beats === undefined || heartbeatTarget === undefined ? {} : { beats, heartbeatTarget }),
      ...deps.controller,
    },
  });
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await leadership.close();
      beats?.close();
      await routing.close();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await solves.drain();
      await publisher.close();
      redis.disconnect();
    },
  };
}

/**
 * Campaigns for the controller's lease; while this replica leads, it runs failure detection
 * and the recovery that follows (recovery events, re-protection and fail-back plans).
 */
function startLeadership(options: {
  redis: Redis;
  store: Store;
  solves: SolveCoordinator;
  registry: Registry;
  logger: Logger;
  controller?: ControllerTiming;
}): { close(): Promise<void> } {
  const { redis, store, solves, registry, logger } = options;
  const controller = new Controller({ store, logger, registry, ...options.controller });
  const recovery = new RecoveryTracker({ store, solves, logger, registry });
  const election = new LeaderElection({
    lease: new Lease({ redis, keys: store.keys }),
    logger,
    onElected: () => {
      recovery.start();
      void controller.start();
    },
    onDeposed: () => {
      controller.stop();
      recovery.stop();
    },
  });
  election.start();
  return {
    close: async () => {
      await election.stop();
      controller.stop();
      recovery.stop();
      await recovery.idle();
    },
  };
}

/**
 * The route table (following the event stream on a connection of its own, loaded as soon as
 * Redis answers) and the forwarder of inference requests (its hedging counters on `registry`).
 */
async function startRouting(redisUrl: string, store: Store, registry: Registry, logger: Logger) {
  const follower = createRedisClient({ url: redisUrl });
  follower.on('error', () => undefined);
  const routes = new RouteTable({
    store,
    follower: store.eventsOn(follower),
    logger,
  });
  await firstConnectionAttempt(follower);
  const loading = startUntilReady(() => routes.start(), logger);
  const forwarder = new InferForwarder({ routes, registry });
  return {
    routes,
    forwarder,
    close: async () => {
      loading.cancel();
      await routes.stop();
      forwarder.close();
      follower.disconnect();
    },
  };
}

/**
 * The UDP socket for direct heartbeats, on the HTTP server's address and port; undefined (and
 * a warning) when that port is taken for UDP — the heartbeats in Redis still work.
 */
async function startHeartbeatReceiver(
  config: ServeConfig,
  port: number,
  logger: Logger,
): Promise<HeartbeatReceiver | undefined> {
  try {
    return await HeartbeatReceiver.start({ host: config.host, port, logger });
  } catch (error) {
    logger.warn(
      { err: (error as Error).message, port },
      'no direct heartbeats: the UDP port could not be bound',
    );
    return undefined;
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

async function firstConnectionAttempt(redis: Redis): Promise<void> {
  const abort = new AbortController();
  await Promise.race([
    once(redis, 'ready', { signal: abort.signal }),
    once(redis, 'error', { signal: abort.signal }),
    delay(FIRST_CONNECTION_WAIT_MS, undefined, { signal: abort.signal }),
  ]).catch(() => undefined);
  abort.abort();
}

/** Retries `start` every second until it succeeds (Redis may be away at start-up). */
function startUntilReady(start: () => Promise<void>, logger: Logger): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const attempt = () => {
    start().catch((error: Error) => {
      logger.warn({ err: error.message }, 'route table not loaded yet; retrying');
      if (!cancelled) timer = setTimeout(attempt, ROUTES_RETRY_MS);
    });
  };
  attempt();
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
