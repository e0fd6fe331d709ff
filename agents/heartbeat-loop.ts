/**
 * Beats at a fixed rate: beat k is due at start + k·interval, so a late beat does not push
 * every later one back. A beat still in flight when the next is due makes that one skip
 * rather than pile up on a slow Redis. Thread-agnostic: the agent runs it in a worker thread
 * (see heartbeat.ts), the jitter benchmark on either thread.
 */
export interface HeartbeatLoopOptions {
  intervalMs: number;
  /** Publishes one heartbeat stamped `atMs` (epoch ms). */
  beat: (atMs: number) => Promise<void>;
  nowMs: () => number;
  /** False while the beats should stop (the agent's main thread is stalled). */
  healthy?: () => boolean;
  onError?: (error: unknown) => void;
  /** Keep the instant each beat was acknowledged (epoch ms), for measurements. */
  record?: boolean;
}

export class HeartbeatLoop {
  private readonly options: HeartbeatLoopOptions;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private startMs = 0;
  private tick = 0;
  private readonly acked: number[] = [];
  private skippedBeats = 0;

  constructor(options: HeartbeatLoopOptions) {
    this.options = options;
  }

  /** Beats once now and then every interval. Resolves when the first beat is acknowledged. */
  async start(): Promise<void> {
    this.startMs = this.options.nowMs();
    this.tick = 0;
    const first = this.beatOnce();
    this.schedule();
    await first;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Acknowledgement instants (epoch ms) when recording. */
  get acknowledged(): readonly number[] {
    return this.acked;
  }

  /** Beats not sent: one still in flight, or the main thread stalled. */
  get skipped(): number {
    return this.skippedBeats;
  }

  private schedule(): void {
    this.tick++;
    const dueMs = this.startMs + this.tick * this.options.intervalMs;
    this.timer = setTimeout(
      () => {
        if (this.timer === undefined) return;
        if (this.inFlight !== undefined || this.options.healthy?.() === false) this.skippedBeats++;
        else void this.beatOnce();
        this.schedule();
      },
      Math.max(0, dueMs - this.options.nowMs()),
    );
  }

  private beatOnce(): Promise<void> {
    const sent = this.options
      .beat(this.options.nowMs())
      .then(
        () => {
          if (this.options.record) this.acked.push(this.options.nowMs());
        },
        (error: unknown) => this.options.onError?.(error),
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    this.inFlight = sent;
    return sent;
  }
}
