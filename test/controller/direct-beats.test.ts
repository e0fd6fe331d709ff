/**
 * Direct heartbeats end to end: a real agent process reads where to send them from Redis and
 * its heartbeat thread sends one every interval to the planner's UDP socket; a new target
 * (another leader) is followed within the refresh; a datagram that is not a beat is dropped.
 */
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keys } from '../../core/keys.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { HeartbeatReceiver } from '../../src/controller/heartbeat-receiver.ts';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../support/redis.ts';

describe('direct heartbeats', () => {
  const prefix = uniquePrefix('direct-beats');
  const keys = new Keys(prefix);
  const logger = pino({ level: 'silent' });
  let redis: Redis;
  let modelDir = '';
  let first: HeartbeatReceiver;
  let second: HeartbeatReceiver;
  let agent: AgentProcess;
  const arrivals = { first: [] as number[], second: [] as number[] };

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    modelDir = await mkdtemp(join(tmpdir(), 'direct-beats-'));
    first = await HeartbeatReceiver.start({ host: '127.0.0.1', port: 0, logger });
    second = await HeartbeatReceiver.start({ host: '127.0.0.1', port: 0, logger });
    first.onBeat((beat, atMs) => beat.node === 'edge-1' && arrivals.first.push(atMs));
    second.onBeat((beat, atMs) => beat.node === 'edge-1' && arrivals.second.push(atMs));
    await redis.set(keys.heartbeatTarget(), `127.0.0.1:${first.port}`);
    agent = await UnderstudyProcess.agent({
      nodeId: 'edge-1',
      redisUrl: TEST_REDIS_URL,
      prefix,
      modelDir,
      memoryMiB: 64,
    });
  }, 30_000);

  afterAll(async () => {
    await agent?.kill();
    first?.close();
    second?.close();
    redis.disconnect();
    await deletePrefix(prefix);
    await rm(modelDir, { recursive: true, force: true });
  });

  it('arrive from the agent at its heartbeat interval', async () => {
    await waitUntil('20 beats', () => arrivals.first.length >= 20 || undefined, {
      timeoutMs: 5_000,
    });
    const gaps = arrivals.first.slice(1).map((atMs, i) => atMs - (arrivals.first[i] ?? 0));
    const sorted = [...gaps].sort((a, b) => a - b);
    // The agent's default interval is 20 ms; the median gap says the beats keep it.
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(10);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(40);
  });

  it('follow the target when another leader publishes its own', async () => {
    await redis.set(keys.heartbeatTarget(), `127.0.0.1:${second.port}`);
    await waitUntil('beats at the new target', () => arrivals.second.length >= 5 || undefined, {
      timeoutMs: 5_000,
    });
    const firstCount = arrivals.first.length;
    await waitUntil(
      'more beats at the new target',
      () => arrivals.second.length >= 15 || undefined,
    );
    expect(arrivals.first.length).toBe(firstCount);
  });

  it('ignore a datagram that is not a beat', async () => {
    const nodes: unknown[] = [];
    second.onBeat((beat) => nodes.push(beat.node));
    const count = arrivals.second.length;
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) =>
      socket.send('{"node": 5}', second.port, '127.0.0.1', () => resolve()),
    );
    socket.close();
    await waitUntil('the next real beat', () => arrivals.second.length > count || undefined);
    expect(nodes.every((node) => node === 'edge-1')).toBe(true);
  });
});
