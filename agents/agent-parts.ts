/**
 * Builds the agent's parts from its configuration and wires each to what it needs. Kept
 * apart from agent.ts (the lifecycle) so both read in one sitting.
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DomainError } from '../core/errors.ts';
import { createRedisClient } from '../core/redis-client.ts';
import type { AgentConfig } from './agent-config.ts';
import type { AgentStore } from './agent-store.ts';
import { describeAgentState } from './agent-state.ts';
import type { Clock } from './clock.ts';
import { createControlApp } from './control-app.ts';
import { EventPublisher } from './event-publisher.ts';
import { FailoverExecutor } from './failover-executor.ts';
import type { NodeFailure } from './failover-executor.ts';
import { FailoverTable } from './failover-table.ts';
import { FailureListener } from './failure-listener.ts';
import { Heartbeat } from './heartbeat.ts';
import { InferenceHandler } from './inference-handler.ts';
import type { Incarnation } from './incarnation.ts';
import { InferenceServer } from './inference-server.ts';
import { ModelLoader } from './model-loader.ts';
import { ModelStager } from './model-stager.ts';
import { PlanReconciler } from './plan-reconciler.ts';
import type { PlanSliceCheck } from './plan-slice-check.ts';
import { PlanWorker } from './plan-worker.ts';
import { SessionManager } from './session-manager.ts';

/** Longest wait for Redis at start-up, in ms. */
const REDIS_START_TIMEOUT_MS = 5_000;
/** One XREAD BLOCK of the failure listener, in ms; its connection's timeout is longer. */
const FOLLOW_BLOCK_MS = 5_000;
const FOLLOW_RETRY_MS = 100;
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const MODEL_FETCH_TIMEOUT_MS = 120_000;

/** The agent's three Redis connections: each blocks or fails in its own way. */
export interface AgentConnections {
  /** Fail-fast commands: registration, events. */
  redis: Redis;
  /** XREAD BLOCK of the failure listener. */
  follow: Redis;
  /** BullMQ's (it requires `maxRetriesPerRequest: null`). */
  bull: Redis;
  close(): Promise<void>;
}

export interface AgentParts {
  connections: AgentConnections;
  sessions: SessionManager;
  server: InferenceServer;
  heartbeat: Heartbeat;
  listener: FailureListener;
  executor: FailoverExecutor;
  worker: PlanWorker;
}

/** Opens the connections; STORE_UNAVAILABLE when Redis does not answer in time. */
export async function openConnections(redisUrl: string, logger: Logger): Promise<AgentConnections> {
  const redis = createRedisClient({ url: redisUrl });
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection'));
  const failure = await firstConnection(redis);
  if (failure !== undefined) {
    redis.disconnect();
    throw new DomainError(
      'STORE_UNAVAILABLE',
      `Redis at ${redisUrl} is not reachable (${failure})`,
    );
  }
  const follow = createRedisClient({ url: redisUrl, commandTimeoutMs: FOLLOW_BLOCK_MS + 2_000 });
  follow.on('error', () => undefined);
  const bull = new Redis(redisUrl, { maxRetriesPerRequest: null });
  bull.on('error', () => undefined);
  return {
    redis,
    follow,
    bull,
    close: async () => {
      follow.disconnect();
      await bull.quit().catch(() => bull.disconnect());
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Undefined once connected; otherwise why not (the first error, or the timeout). */
async function firstConnection(redis: Redis): Promise<string | undefined> {
  const abort = new AbortController();
  const outcome = await Promise.race([
    // `once` rejects with the first 'error' while it waits for 'ready': that is the reason.
    once(redis, 'ready', { signal: abort.signal }).then(
      () => undefined,
      (error: Error) => error.message,
    ),
    new Promise<string>((resolve) =>
      setTimeout(
        () => resolve(`no answer within ${REDIS_START_TIMEOUT_MS} ms`),
        REDIS_START_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
  abort.abort();
  return outcome;
}

export interface PartsOptions {
  config: AgentConfig;
  logger: Logger;
  clock: Clock;
  store: AgentStore;
  connections: AgentConnections;
  /** The plan-slice check compiled from the spec at start. */
  checkSlice: PlanSliceCheck;
  /** This agent's incarnation of its node, set at registration. */
  incarnation: Incarnation;
  version: string;
}

export function buildAgentParts(options: PartsOptions): AgentParts {
  const { config, logger, clock, store, connections } = options;
  const nodeId = config.nodeId;
  const events = new EventPublisher({ nodeId, events: store.events, clock, logger });
  const loader = new ModelLoader({ intraOpThreads: config.intraOpThreads, clock });
  const sessions = new SessionManager({
    capacityMiB: config.memoryMiB,
    loader,
    clock,
    logger: logger.child({ part: 'sessions' }),
  });
  const stager = new ModelStager({
    modelDir: config.modelDir,
    fetchTimeoutMs: MODEL_FETCH_TIMEOUT_MS,
  });
  const table = new FailoverTable();
  const reconciler = new PlanReconciler({
    nodeId,
    sessions,
    stager,
    table,
    checkSlice: options.checkSlice,
    logger: logger.child({ part: 'plans' }),
  });
  const executor = new FailoverExecutor({
    nodeId,
    table,
    sessions,
    stager,
    events,
    clock,
    logger: logger.child({ part: 'failover' }),
  });
  const server = buildServer(options, sessions, reconciler, table);
  const worker = new PlanWorker({
    nodeId,
    connection: connections.bull,
    keys: store.keys,
    reconciler,
    events,
    logger: logger.child({ part: 'worker' }),
  });
  const listener = buildListener(options, executor, async (failure) => {
    const { incarnation } = options;
    if (incarnation.isStale(failure.epoch)) {
      logger.info(
        { judgedEpoch: failure.epoch, epoch: incarnation.current, eventId: failure.eventId },
        'ignored a failure notice of an earlier incarnation of this node',
      );
      return;
    }
    const released = await reconciler.fence();
    await events.publish('node.fenced', {
      released,
      planVersion: reconciler.planVersion ?? null,
      epoch: failure.epoch,
    });
    const acknowledged = await store.liveness.acknowledgeFence(nodeId, failure.epoch);
    logger.warn(
      { released, epoch: failure.epoch, acknowledged },
      'this node was declared failed: fenced until the controller re-admits it',
    );
  });
  const heartbeat = buildHeartbeat(options);
  return { connections, sessions, server, heartbeat, listener, executor, worker };
}

function buildListener(
  options: PartsOptions,
  executor: FailoverExecutor,
  fence: (failure: NodeFailure) => Promise<void>,
): FailureListener {
  const { config, connections, logger, incarnation } = options;
  const failFence = (failure: NodeFailure) =>
    fence(failure).catch((error: unknown) =>
      logger.error({ err: error }, 'fencing this node failed'),
    );
  return new FailureListener({
    events: options.store.eventsOn(connections.follow),
    onFailed: (failure) =>
      void (failure.failedNode === config.nodeId ? failFence(failure) : executor.execute(failure)),
    onRecovered: (node, epoch) => {
      if (node === config.nodeId) incarnation.adopt(epoch);
      executor.forget(node);
    },
    logger: logger.child({ part: 'listener' }),
    blockMs: FOLLOW_BLOCK_MS,
    retryMs: FOLLOW_RETRY_MS,
  });
}

function buildHeartbeat(options: PartsOptions): Heartbeat {
  const { config, logger } = options;
  return new Heartbeat({
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    nodeId: config.nodeId,
    intervalMs: config.heartbeatIntervalMs,
    timeoutMs: config.heartbeatTimeoutMs,
    stallLimitMs: config.stallLimitMs,
    logger: logger.child({ part: 'heartbeat' }),
  });
}

function buildServer(
  options: PartsOptions,
  sessions: SessionManager,
  reconciler: PlanReconciler,
  table: FailoverTable,
): InferenceServer {
  const { config, logger } = options;
  const nodeId = config.nodeId;
  const inference = new InferenceHandler({
    nodeId,
    sessions,
    planVersion: () => reconciler.planVersion,
    bodyLimitBytes: config.bodyLimitBytes,
    logger: logger.child({ part: 'inference' }),
  });
  return new InferenceServer({
    inference,
    keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    control: (server) =>
      createControlApp({
        nodeId,
        version: options.version,
        draining: () => server.isDraining,
        state: () =>
          describeAgentState({
            nodeId,
            sessions,
            reconciler,
            table,
            inFlightRequests: () => server.inFlightRequests,
            draining: () => server.isDraining,
          }),
        logger: logger.child({ part: 'http' }),
      }),
  });
}
