import type { Logger } from 'pino';
import type { EventLog } from '../core/event-log.ts';
import type { EventData, EventType } from '../core/events.ts';
import type { Clock } from './clock.ts';

/** What an agent's event of type `T` carries besides the `node` and `atMs` it adds. */
export type AgentEventFields<T extends EventType> =
  EventData<T> extends infer Data
    ? Data extends { node: string; atMs: number }
      ? Omit<Data, 'node' | 'atMs'>
      : never
    : never;

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
  async publish<T extends EventType>(
    type: T,
    data: AgentEventFields<T>,
    atMs = this.clock.nowMs(),
  ): Promise<void> {
    try {
      const full = { node: this.nodeId, ...(data as object), atMs } as EventData<T>;
      await this.events.append(type, full, atMs);
    } catch (error) {
      this.logger.warn({ err: error, type }, 'could not append an event');
    }
  }
}
