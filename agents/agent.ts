/**
 * One node agent: registers the node, serves inference, heartbeats, applies plans from its
 * BullMQ queue and executes its failover table on failure events. `start()` wires the parts
 * (each in its own file, built in agent-parts.ts); `drain()` is the SIGTERM path.
 */
import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import { eventCheck } from '../core/event-check.ts';
import { readSpec } from '../core/spec.ts';
import { compilePlanSliceCheck } from './plan-slice-check.ts';
import { createAgentStore } from './agent-store.ts';
import { advertisedAddress } from './agent-config.ts';
import type { AgentConfig } from './agent-config.ts';
import { buildAgentParts, openConnections } from './agent-parts.ts';
import type { AgentParts } from './agent-parts.ts';
import { createPreciseClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { EventPublisher } from './event-publisher.ts';
import { Incarnation } from './incarnation.ts';
import { Registration } from './registration.ts';

export interface AgentOptions {
  config: AgentConfig;
  logger: Logger;
  /** Reported by `/healthz`. */
  version: string;
  clock?: Clock;
}

export class Agent {
  /** `http://host:port` of the inference server. */
  readonly url: string;
  /** `host:port` registered for clients. */
  readonly address: string;
  private readonly parts: AgentParts;
  private readonly registration: Registration;
  private readonly config: AgentConfig;
  private readonly logger: Logger;
  private drained: Promise<void> | undefined;

  private constructor(init: {
    parts: AgentParts;
    registration: Registration;
    config: AgentConfig;
    logger: Logger;
    url: string;
    address: string;
  }) {
    this.parts = init.parts;
    this.registration = init.registration;
    this.config = init.config;
    this.logger = init.logger;
    this.url = init.url;
    this.address = init.address;
  }

  /** Starts every part; resolves once the node is registered and takes plan jobs. */
  static async start(options: AgentOptions): Promise<Agent> {
    const { config, logger } = options;
    const clock = options.clock ?? createPreciseClock();
    await mkdir(config.modelDir, { recursive: true });
    const connections = await openConnections(config.redisUrl, logger);
    // The contract's schemas, compiled once: every event read and every plan slice is checked.
    const spec = readSpec();
    const store = createAgentStore({
      redis: connections.redis,
      prefix: config.prefix,
      eventCheck: eventCheck(logger, spec),
    });
    const incarnation = new Incarnation();
    const parts = buildAgentParts({
      config,
      logger,
      clock,
      store,
      connections,
      checkSlice: compilePlanSliceCheck(spec),
      incarnation,
      version: options.version,
    });
    try {
      const bound = await parts.server.listen(config.listenHost, config.listenPort);
      const address = advertisedAddress(config, bound.port);
      const registration = new Registration({
        store,
        events: new EventPublisher({ nodeId: config.nodeId, events: store.events, clock, logger }),
        incarnation,
        nodeId: config.nodeId,
        memoryMiB: config.memoryMiB,
        address,
        ...(config.domain === undefined ? {} : { domain: config.domain }),
      });
      await registration.register();
      await parts.heartbeat.start();
      await parts.listener.start();
      await parts.worker.start();
      const host = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
      const url = `http://${host}:${bound.port}`;
      return new Agent({ parts, registration, config, logger, url, address });
    } catch (error) {
      await abandon(parts);
      throw error;
    }
  }

  /**
   * SIGTERM: stop taking plan jobs and failure events, answer the requests in flight, then
   * deregister (status `down` and a `node.deregistered` event) and release every session.
   * Idempotent.
   */
  drain(reason = 'SIGTERM'): Promise<void> {
    this.drained ??= this.drainNow(reason);
    return this.drained;
  }

  private async drainNow(reason: string): Promise<void> {
    const { parts, logger, registration } = this;
    const warn = (what: string) => (error: unknown) => logger.warn({ err: error }, what);
    logger.info({ reason }, 'draining');
    const serving = parts.server.drain(this.config.drainTimeoutMs);
    await registration.markDraining().catch(warn('could not mark the node draining'));
    await parts.worker.close();
    const listening = parts.listener.stop();
    parts.connections.follow.disconnect();
    await listening;
    await parts.executor.idle();
    const { forced } = await serving;
    await parts.heartbeat.stop();
    await registration.deregister(reason).catch(warn('could not deregister'));
    await parts.sessions.unloadAll();
    await parts.connections.close();
    logger.info({ forced }, 'drained');
  }
}

/** Closes whatever a failed start opened, so the process can exit. */
async function abandon(parts: AgentParts): Promise<void> {
  const listening = parts.listener.stop();
  parts.connections.follow.disconnect();
  await Promise.allSettled([
    listening,
    parts.worker.close(),
    parts.heartbeat.stop(),
    parts.server.drain(0),
  ]);
  await parts.connections.close();
}
