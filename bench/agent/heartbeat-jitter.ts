/**
 * How regular are heartbeats on this machine under load, and which timeout would never
 * suspect a healthy node? Runs the agent's Heartbeat (worker thread) and, for comparison, the
 * same loop on the main thread, at several intervals, while both cores are saturated: two
 * CPU-burner processes plus what an agent's main thread does — inference, and every
 * `--load-every-ms` a synchronous session build of a ~50 MB model (onnxruntime-node builds
 * sessions on the calling thread). The gap between two acknowledged beats is what a
 * controller sees as silence; a gap longer than the timeout is a false suspicion.
 *
 *   npx tsx bench/agent/heartbeat-jitter.ts [--seconds 20] [--intervals 10,20,50]
 *     [--threads worker,main] [--out FILE]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { machineInfo } from '../machine.ts';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { pino } from 'pino';
import { Heartbeat } from '../../agents/heartbeat.ts';
import { HeartbeatLoop } from '../../agents/heartbeat-loop.ts';
import { encodeModel } from '../../profiler/onnx/encode-model.ts';
import { percentile, round } from '../../profiler/stats.ts';
import { ZOO_FAMILIES } from '../../profiler/zoo/zoo-families.ts';
import { createStore } from '../../src/store/index.ts';
import { deletePrefixKeys } from '../../kit/prefix-keys.ts';
import { ProcessHandle } from '../../kit/process-handle.ts';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    intervals: { type: 'string', default: '10,20,50' },
    threads: { type: 'string', default: 'worker,main' },
    'load-every-ms': { type: 'string', default: '2000' },
    scale: { type: 'string', default: '0.19' },
    out: { type: 'string' },
    redis: {
      type: 'string',
      default: process.env.UNDERSTUDY_REDIS_URL ?? 'redis://127.0.0.1:6379',
    },
  },
});
const seconds = Number(flags.seconds);
const intervals = flags.intervals.split(',').map(Number);
const threads = flags.threads.split(',') as Array<'worker' | 'main'>;
const loadEveryMs = Number(flags['load-every-ms']);
const TIMEOUTS_MS = [50, 100, 150, 200, 250, 300, 500, 1000];
const prefix = `bench-heartbeat-${process.pid}`;

interface JitterResult {
  thread: 'worker' | 'main';
  intervalMs: number;
  beats: number;
  gapMs: { p50: number; p99: number; p999: number; max: number };
  /** Gaps longer than each timeout: false suspicions in this run, and per hour. */
  falseSuspicions: Array<{ timeoutMs: number; count: number; perHour: number }>;
  mainThreadStallMaxMs: number;
}

/** Writes the largest EfficientNet-like variant at `scale` (~50 MB at 0.19). */
async function bigModel(dir: string, scale: number): Promise<string> {
  const variant = ZOO_FAMILIES.find((family) => family.id === 'efficientnet-like')?.variants.at(-1);
  if (variant === undefined) throw new Error('no efficientnet-like family');
  const path = join(dir, `${variant.id}.onnx`);
  await writeFile(path, encodeModel(variant.build(scale).model));
  return path;
}

function burners(count: number): ProcessHandle[] {
  return Array.from({ length: count }, (_, i) =>
    ProcessHandle.spawn({
      name: `burner ${i}`,
      command: process.execPath,
      args: ['-e', 'for (;;) {}'],
    }),
  );
}

/** The agent's main-thread work until `untilMs`: inference, and a session build every `loadEveryMs`. */
async function agentLikeLoad(modelPath: string, untilMs: number, stalls: number[]): Promise<void> {
  const session = await InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
  const feeds = {
    image: new Tensor('float32', new Float32Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]),
  };
  let nextLoadMs = Date.now() + loadEveryMs;
  while (Date.now() < untilMs) {
    const started = performance.now();
    if (Date.now() >= nextLoadMs) {
      await (await InferenceSession.create(modelPath, { intraOpNumThreads: 1 })).release();
      nextLoadMs = Date.now() + loadEveryMs;
    } else {
      await session.run(feeds);
    }
    stalls.push(performance.now() - started);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await session.release();
}

async function measure(
  thread: 'worker' | 'main',
  intervalMs: number,
  modelPath: string,
  redisUrl: string,
): Promise<JitterResult> {
  const nodeId = `${thread}-${intervalMs}`;
  const untilMs = Date.now() + seconds * 1000;
  const stalls: number[] = [];
  let acknowledged: readonly number[];
  if (thread === 'worker') {
    const heartbeat = new Heartbeat({
      redisUrl,
      prefix,
      nodeId,
      intervalMs,
      timeoutMs: 1000,
      stallLimitMs: 60_000,
      logger: pino({ level: 'silent' }),
      record: true,
    });
    await heartbeat.start();
    await agentLikeLoad(modelPath, untilMs, stalls);
    acknowledged = (await heartbeat.stop()).acknowledged;
  } else {
    const redis = new Redis(redisUrl);
    const store = createStore({ redis, prefix });
    const loop = new HeartbeatLoop({
      intervalMs,
      nowMs: Date.now,
      beat: (atMs) => store.liveness.recordHeartbeat(nodeId, atMs),
      record: true,
    });
    await loop.start();
    await agentLikeLoad(modelPath, untilMs, stalls);
    await loop.stop();
    acknowledged = loop.acknowledged;
    redis.disconnect();
  }
  return summarise(thread, intervalMs, acknowledged, stalls);
}

function summarise(
  thread: 'worker' | 'main',
  intervalMs: number,
  acknowledged: readonly number[],
  stalls: number[],
): JitterResult {
  const gaps = acknowledged.slice(1).map((at, i) => at - (acknowledged[i] ?? at));
  const durationMs = (acknowledged.at(-1) ?? 0) - (acknowledged[0] ?? 0);
  return {
    thread,
    intervalMs,
    beats: acknowledged.length,
    gapMs: {
      p50: round(percentile(gaps, 50), 2),
      p99: round(percentile(gaps, 99), 2),
      p999: round(percentile(gaps, 99.9), 2),
      max: round(Math.max(...gaps), 2),
    },
    falseSuspicions: TIMEOUTS_MS.map((timeoutMs) => {
      const count = gaps.filter((gap) => gap > timeoutMs).length;
      return { timeoutMs, count, perHour: round((count / durationMs) * 3_600_000, 1) };
    }),
    mainThreadStallMaxMs: round(Math.max(...stalls), 1),
  };
}

function table(results: JitterResult[]): string {
  const head = `${'thread'.padEnd(7)} ${'every'.padStart(6)} ${'beats'.padStart(6)} ${'gap p50'.padStart(8)} ${'p99'.padStart(7)} ${'p99.9'.padStart(7)} ${'max'.padStart(8)}  gaps over ${TIMEOUTS_MS.join(' / ')} ms   main-thread max stall`;
  const rows = results.map(
    (r) =>
      `${r.thread.padEnd(7)} ${`${r.intervalMs}ms`.padStart(6)} ${String(r.beats).padStart(6)} ${r.gapMs.p50.toFixed(1).padStart(8)} ${r.gapMs.p99.toFixed(1).padStart(7)} ${r.gapMs.p999.toFixed(1).padStart(7)} ${r.gapMs.max.toFixed(1).padStart(8)}  ${r.falseSuspicions
        .map((s) => String(s.count))
        .join(' / ')
        .padEnd(28)} ${r.mainThreadStallMaxMs.toFixed(0)} ms`,
  );
  return `\nHeartbeat gaps under load (both cores busy), ${seconds} s per row\n${head}\n${rows.join('\n')}\n`;
}

const dir = await mkdtemp(join(tmpdir(), 'understudy-bench-heartbeat-'));
const running = burners(2);
try {
  const modelPath = await bigModel(dir, Number(flags.scale));
  const results: JitterResult[] = [];
  for (const intervalMs of intervals) {
    for (const thread of threads) {
      process.stderr.write(`  ${thread} thread, every ${intervalMs} ms\n`);
      results.push(await measure(thread, intervalMs, modelPath, flags.redis));
    }
  }
  const document = {
    benchmark: 'heartbeat-jitter',
    machine: machineInfo(),
    settings: { secondsPerRow: seconds, loadEveryMs, modelScale: Number(flags.scale), burners: 2 },
    results,
  };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (flags.out !== undefined) await writeFile(flags.out, json);
  else process.stdout.write(json);
  process.stderr.write(table(results));
} finally {
  await Promise.all(running.map((burner) => burner.kill()));
  await rm(dir, { recursive: true, force: true });
  await deletePrefixKeys({ redisUrl: flags.redis, prefix });
}
