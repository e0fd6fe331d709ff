import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Lease } from '../store/lease.ts';

/** Options for {@link LeaderElection}. */
export interface LeaderElectionOptions {
  lease: Lease;
  logger: Logger;
  /** How long a lease lasts without renewal, in ms. Default 1000. */
  ttlMs?: number;
  /** How often the leader renews and a standby tries to take over, in ms. Default 200. */
  intervalMs?: number;
  /** Called when this replica becomes the leader. */
  onElected: () => void;
  /** Called when this replica stops being the leader (lost lease, Redis away, or stop). */
  onDeposed: () => void;
}

/**
 * Keeps one planner replica leading. A standby takes over at most `ttlMs + intervalMs` after
 * the leader stops renewing (1.2 s with the defaults, inside the 2 s the design allows). A
 * leader that cannot renew in time steps down on its own before its lease can expire, so two
 * replicas never both believe they lead for longer than one interval.
 */
export class LeaderElection {
  /** Names the replica in the lease: host, process id, and a random suffix. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly options: Required<Omit<LeaderElectionOptions, 'lease' | 'logger'>> &
    Pick<LeaderElectionOptions, 'lease' | 'logger'>;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private leaseUntilMs = 0;
  private stopped = false;

  constructor(options: LeaderElectionOptions) {
    this.options = { ttlMs: 1000, intervalMs: 200, ...options };
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.tick();
  }

  /** Stops campaigning and gives the lease up, so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.leading) {
      this.setLeading(false);
      await this.options.lease.release(this.id).catch(() => undefined);
    }
  }

  private async tick(): Promise<void> {
    const { lease, ttlMs, intervalMs } = this.options;
    const startedMs = Date.now();
    try {
      const held = this.leading
        ? await lease.renew(this.id, ttlMs)
        : await lease.acquire(this.id, ttlMs);
      if (held) this.leaseUntilMs = startedMs + ttlMs;
      this.setLeading(held);
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'leader lease check failed');
      // Without Redis we cannot know; step down once the lease we had may have expired.
      if (Date.now() + intervalMs >= this.leaseUntilMs) this.setLeading(false);
    }
    if (this.stopped) {
      if (this.leading) await this.stop();
      return;
    }
    this.timer = setTimeout(() => void this.tick(), intervalMs);
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.logger.info({ replica: this.id }, leading ? 'elected leader' : 'no longer leader');
    if (leading) this.options.onElected();
    else this.options.onDeposed();
  }
}
