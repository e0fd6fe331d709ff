/**
 * The body of the heartbeat worker thread (started by heartbeat.ts through
 * heartbeat-worker.mjs). It has its own Redis connection and event loop, so model loads and
 * inference — which onnxruntime-node runs synchronously on the main thread — do not delay
 * beats; a shared counter the main thread advances tells it when the main thread itself has
 * stalled for longer than `stallLimitMs`, and then it stops beating so the node is suspected.
 * Two loops beat at the same rate: one writes the beat to Redis, the other sends it straight
 * to the leading planner over UDP (direct-beats.ts), so a slow or unreachable Redis does not
 * hold the direct beats back.
 */
import { once } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import { Keys } from '../core/keys.ts';
import { NodeLiveness } from '../core/node-liveness.ts';
import { createRedisClient } from '../core/redis-client.ts';
import { DirectBeats } from './direct-beats.ts';
import { HeartbeatLoop } from './heartbeat-loop.ts';

const FIRST_CONNECTION_WAIT_MS = 2_000;
/** How often the leader's heartbeat address is read again, in ms. */
const TARGET_REFRESH_MS = 250;

export interface HeartbeatThreadData {
  redisUrl: string;
  prefix: string;
  nodeId: string;
  intervalMs: number;
  timeoutMs: number;
  stallLimitMs: number;
  /** Int32Array[1] the main thread increments every `tickMs`. */
  ticks: SharedArrayBuffer;
  record: boolean;
}

export type HeartbeatThreadMessage =
  | { type: 'ready' }
  | { type: 'warning'; message: string }
  | { type: 'stopped'; acknowledged: number[]; skipped: number };

export async function runHeartbeatThread(
  data: HeartbeatThreadData,
  port: MessagePort,
): Promise<void> {
  const redis = createRedisClient({
    url: data.redisUrl,
    commandTimeoutMs: Math.max(data.timeoutMs, 100),
  });
  redis.on('error', () => undefined);
  // The first beat should not fail merely because the connection is still being set up.
  await Promise.race([
    once(redis, 'ready'),
    new Promise((resolve) => setTimeout(resolve, FIRST_CONNECTION_WAIT_MS)),
  ]);
  const liveness = new NodeLiveness({ redis, keys: new Keys(data.prefix) });
  const send = (message: HeartbeatThreadMessage): void => port.postMessage(message);
  const healthy = mainThreadWatch(new Int32Array(data.ticks), data.stallLimitMs, send);
  const direct = new DirectBeats({
    liveness,
    nodeId: data.nodeId,
    refreshMs: TARGET_REFRESH_MS,
  });
  const directLoop = new HeartbeatLoop({
    intervalMs: data.intervalMs,
    nowMs: Date.now,
    beat: (atMs) => Promise.resolve(direct.send(atMs)),
    healthy,
  });
  let errors = 0;
  const loop = new HeartbeatLoop({
    intervalMs: data.intervalMs,
    nowMs: Date.now,
    beat: (atMs) => liveness.recordHeartbeat(data.nodeId, atMs, { timeoutMs: data.timeoutMs }),
    healthy,
    onError: (error) => {
      if (errors++ % 100 === 0)
        send({ type: 'warning', message: `heartbeat failed (${errors} so far): ${String(error)}` });
    },
    record: data.record,
  });
  port.on('message', (message: { type?: string }) => {
    if (message.type !== 'stop') return;
    direct.stop();
    void Promise.all([loop.stop(), directLoop.stop()]).then(() => {
      send({ type: 'stopped', acknowledged: [...loop.acknowledged], skipped: loop.skipped });
      redis.disconnect();
      port.close();
    });
  });
  await direct.start();
  await Promise.all([loop.start().catch(() => undefined), directLoop.start()]);
  send({ type: 'ready' });
}

function mainThreadWatch(
  ticks: Int32Array,
  stallLimitMs: number,
  send: (message: HeartbeatThreadMessage) => void,
): () => boolean {
  let seen = Atomics.load(ticks, 0);
  let changedAtMs = Date.now();
  let stalled = false;
  return () => {
    const now = Date.now();
    const current = Atomics.load(ticks, 0);
    if (current !== seen) {
      seen = current;
      changedAtMs = now;
    }
    const healthy = now - changedAtMs <= stallLimitMs;
    if (!healthy && !stalled)
      send({
        type: 'warning',
        message: `main thread stalled for over ${stallLimitMs} ms; heartbeats stop`,
      });
    stalled = !healthy;
    return healthy;
  };
}
