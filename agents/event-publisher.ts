import type { Logger } from 'pino';
import type { components } from '../openapi/types.ts';
import type { EventLog } from '../core/event-log.ts';
import type { Clock } from './clock.ts';

type EventType = components['schemas']['EventType'];

/**
 * Appends this agent's events to the cluster's event stream, each naming the node. Best
 * effort by design: an event lost while Redis is away must not undo a failover or fail a
 * plan, so a failed append is logged and the caller goes on.
 */
export class EventPublisher {
  private readonly nodeId: string;
  private readonly events: EventLog;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(options: { nodeId: string; events: EventLog; clock: Clock; logger: Logger }) {
    this.nodeId = options.nodeId;
    this.events = options.events;
    this.clock = options.clock;
    this.logger = options.logger;
  }

  /** Appends `type` with `data` (plus `node` and `atMs`); `atMs` is when it happened. */
  async publish(
    type: EventType,
    data: Record<string, unknown>,
    atMs = this.clock.nowMs(),
  ): Promise<void> {
    try {
      await this.events.append(type, { node: this.nodeId, ...data, atMs }, atMs);
    } catch (error) {
      this.logger.warn({ err: error, type }, 'could not append an event');
    }
  }
}
