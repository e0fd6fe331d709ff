/**
 * Batch-1 inference latency of a loaded session: `warmupRuns` untimed runs (first-run
 * allocations, lazy kernel selection), then `runs` timed runs, one after another.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { percentile } from '../stats.ts';

export interface LatencyOptions {
  readonly warmupRuns: number;
  readonly runs: number;
  /** Called after each run, warm-up included, with (done, total). */
  readonly onRun?: (done: number, total: number) => void;
}

export interface LatencyFigures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Sequential runs per second: runs / total timed milliseconds × 1000. */
  readonly throughputPerSec: number;
}

export async function measureLatency(
  session: InferenceSession,
  feeds: InferenceSession.FeedsType,
  options: LatencyOptions,
): Promise<LatencyFigures> {
  const total = options.warmupRuns + options.runs;
  for (let i = 0; i < options.warmupRuns; i++) {
    await session.run(feeds);
    options.onRun?.(i + 1, total);
  }
  const samplesMs: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const start = performance.now();
    await session.run(feeds);
    samplesMs.push(performance.now() - start);
    options.onRun?.(options.warmupRuns + i + 1, total);
  }
  const totalMs = samplesMs.reduce((sum, ms) => sum + ms, 0);
  return {
    p50: percentile(samplesMs, 50),
    p95: percentile(samplesMs, 95),
    p99: percentile(samplesMs, 99),
    throughputPerSec: totalMs > 0 ? (options.runs * 1000) / totalMs : 0,
  };
}
