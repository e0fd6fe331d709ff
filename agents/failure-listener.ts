/**
 * Follows the cluster's event stream and hands `node.failed` and `node.recovered` events to
 * the failover executor. It reads with XREAD BLOCK on a connection of its own, so an event is
 * seen the moment it is appended — no polling interval in the recovery path. It starts from
 * the newest event at start-up (`$`): a failure declared before this agent ran is not ours to
 * act on. It remembers the newest incarnation epoch it has seen of each node (registrations,
 * re-admissions), so a failure notice judged on an older one — read late, after a partition
 * healed — is dropped instead of failing over a node that came back.
 */
import type { Logger } from 'pino';
import type { EventLog } from '../core/event-log.ts';
import type { ClusterEvent } from '../core/events.ts';
import type { NodeFailure } from './failover-executor.ts';

export interface FailureListenerOptions {
  /** An EventLog on a Redis connection used for nothing else (XREAD BLOCK holds it). */
  events: EventLog;
  onFailed: (failure: NodeFailure) => void;
  /** A node is up again: `epoch` is its incarnation (a new one when re-admitted from down). */
  onRecovered: (node: string, epoch: number) => void;
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
  private readonly epochs = new Map<string, number>();

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

  private seen(node: string, epoch: number): void {
    if (epoch > (this.epochs.get(node) ?? -1)) this.epochs.set(node, epoch);
  }

  private dispatch(event: ClusterEvent): void {
    if (event.type === 'node.registered') {
      this.seen(event.data.node, event.data.epoch);
    } else if (event.type === 'node.failed') {
      const { node, planVersion, epoch } = event.data;
      const newest = this.epochs.get(node);
      if (newest !== undefined && epoch < newest) {
        this.options.logger.info(
          { node, judgedEpoch: epoch, epoch: newest, eventId: event.id },
          'ignored a failure notice of an earlier incarnation',
        );
        return;
      }
      this.options.onFailed({
        failedNode: node,
        eventId: event.id,
        epoch,
        ...(planVersion === undefined ? {} : { planVersion }),
      });
    } else if (event.type === 'node.recovered') {
      this.seen(event.data.node, event.data.epoch);
      this.options.onRecovered(event.data.node, event.data.epoch);
    }
  }
}
