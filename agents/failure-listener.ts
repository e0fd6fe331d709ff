/**
 * Follows the cluster's event stream and hands `node.failed` and `node.recovered` events to
 * the failover executor. It reads with XREAD BLOCK on a connection of its own, so an event is
 * seen the moment it is appended — no polling interval in the recovery path. It starts from
 * the newest event at start-up (`$`): a failure declared before this agent ran is not ours to
 * act on.
 */
import type { Logger } from 'pino';
import type { EventLog } from '../core/event-log.ts';
import type { ClusterEvent } from '../core/events.ts';
import type { NodeFailure } from './failover-executor.ts';

export interface FailureListenerOptions {
  /** An EventLog on a Redis connection used for nothing else (XREAD BLOCK holds it). */
  events: EventLog;
  onFailed: (failure: NodeFailure) => void;
  onRecovered: (node: string) => void;
  logger: Logger;
  /** Longest single XREAD BLOCK, in ms; shorter than the connection's command timeout. */
  blockMs: number;
  /** Pause after a failed read before trying again, in ms. */
  retryMs: number;
}

export class FailureListener {
  private readonly options: FailureListenerOptions;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(options: FailureListenerOptions) {
    this.options = options;
  }

  /** Resolves once the listener follows the stream: later failures will be seen. */
  async start(): Promise<void> {
    const cursor = await this.options.events.lastCursor();
    this.running = true;
    this.loop = this.follow(cursor);
  }

  /** Stops following; the caller disconnects the connection to end a read in progress. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async follow(from: string): Promise<void> {
    const { events, logger, blockMs, retryMs } = this.options;
    let cursor = from;
    while (this.running) {
      try {
        const page = await events.readBlocking({ after: cursor, blockMs, limit: 100 });
        cursor = page.next;
        for (const event of page.items) this.dispatch(event);
      } catch (error) {
        if (!this.running) break;
        logger.warn({ err: error }, 'reading the event stream failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  }

  private dispatch(event: ClusterEvent): void {
    if (event.type === 'node.failed') {
      const { node, planVersion } = event.data;
      this.options.onFailed({
        failedNode: node,
        eventId: event.id,
        ...(planVersion === undefined ? {} : { planVersion }),
      });
    } else if (event.type === 'node.recovered') {
      this.options.onRecovered(event.data.node);
    }
  }
}
