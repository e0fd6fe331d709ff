/**
 * Publishes this node's heartbeats from a worker thread (heartbeat-thread.ts), so they keep
 * their rhythm while the main thread builds a session or runs a long inference — both
 * synchronous in onnxruntime-node. The main thread only advances a shared counter; if it stops
 * for longer than `stallLimitMs`, the beats stop too and the controller suspects the node.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { HeartbeatThreadData, HeartbeatThreadMessage } from './heartbeat-thread.ts';

/** How often the main thread proves it is alive to the heartbeat thread, in ms. */
const MAIN_TICK_MS = 50;

export interface HeartbeatOptions {
  redisUrl: string;
  prefix: string;
  nodeId: string;
  /** Time between beats, in ms. */
  intervalMs: number;
  /** Published with each beat: suspect the node after this long without one, in ms. */
  timeoutMs: number;
  /** Stop beating when the main thread has not run for this long, in ms. */
  stallLimitMs: number;
  logger: Logger;
  /** Keep every beat's acknowledgement time (benchmarks). */
  record?: boolean;
}

export interface HeartbeatReport {
  /** Epoch ms at which each beat was acknowledged by Redis (when recording). */
  acknowledged: number[];
  skipped: number;
}

export class Heartbeat {
  private readonly options: HeartbeatOptions;
  private worker: Worker | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private stopped: Promise<HeartbeatReport> | undefined;

  constructor(options: HeartbeatOptions) {
    this.options = options;
  }

  /** Starts beating; resolves after the first beat was attempted. */
  async start(): Promise<void> {
    const { logger, ...rest } = this.options;
    const ticks = new SharedArrayBuffer(4);
    const counter = new Int32Array(ticks);
    this.ticker = setInterval(() => Atomics.add(counter, 0, 1), MAIN_TICK_MS);
    this.ticker.unref();
    const data: HeartbeatThreadData = {
      redisUrl: rest.redisUrl,
      prefix: rest.prefix,
      nodeId: rest.nodeId,
      intervalMs: rest.intervalMs,
      timeoutMs: rest.timeoutMs,
      stallLimitMs: rest.stallLimitMs,
      ticks,
      record: rest.record ?? false,
    };
    const worker = new Worker(new URL('./heartbeat-worker.mjs', import.meta.url), {
      workerData: data,
    });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: HeartbeatThreadMessage) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'warning') logger.warn({ heartbeat: true }, message.message);
      });
    });
    worker.on('error', (error) => logger.error({ err: error }, 'heartbeat thread failed'));
    await ready;
  }

  /** Stops beating and ends the thread. Idempotent. */
  stop(): Promise<HeartbeatReport> {
    this.stopped ??= this.stopNow();
    return this.stopped;
  }

  private async stopNow(): Promise<HeartbeatReport> {
    clearInterval(this.ticker);
    const worker = this.worker;
    if (worker === undefined) return { acknowledged: [], skipped: 0 };
    const report = new Promise<HeartbeatReport>((resolve) => {
      worker.on('message', (message: HeartbeatThreadMessage) => {
        if (message.type === 'stopped')
          resolve({ acknowledged: message.acknowledged, skipped: message.skipped });
      });
      worker.once('exit', () => resolve({ acknowledged: [], skipped: 0 }));
    });
    worker.postMessage({ type: 'stop' });
    const result = await report;
    await Promise.race([once(worker, 'exit'), worker.terminate()]);
    return result;
  }
}
