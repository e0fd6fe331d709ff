import { pino } from 'pino';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Heartbeat } from '../../agents/heartbeat.ts';
import { createStore } from '../../src/store/index.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const prefix = uniquePrefix('agent-heartbeat');
const redis = new Redis(TEST_REDIS_URL);
const store = createStore({ redis, prefix });

afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

function heartbeat(nodeId: string, stallLimitMs = 10_000): Heartbeat {
  return new Heartbeat({
    redisUrl: TEST_REDIS_URL,
    prefix,
    nodeId,
    intervalMs: 10,
    timeoutMs: 120,
    stallLimitMs,
    logger: pino({ level: 'silent' }),
    record: true,
  });
}

/** Keeps the main thread busy (no timers, no I/O) for `ms`. */
function blockMainThread(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('Heartbeat', () => {
  describe('while running', () => {
    it('records beats with the timeout the agent asks for, from its own thread', async () => {
      const beats = heartbeat('edge-beat');
      await beats.start();
      const first = (await store.liveness.getMany(['edge-beat'])).get('edge-beat');
      blockMainThread(300);
      const report = await beats.stop();
      const last = (await store.liveness.getMany(['edge-beat'])).get('edge-beat');
      expect(first?.heartbeatTimeoutMs).toBe(120);
      // The main thread was blocked for 300 ms; the thread kept beating meanwhile (every 10 ms;
      // the bounds leave room for a loaded machine — beats from the main thread would be 0).
      expect((last?.lastHeartbeatMs ?? 0) - (first?.lastHeartbeatMs ?? 0)).toBeGreaterThanOrEqual(
        200,
      );
      expect(report.acknowledged.length).toBeGreaterThanOrEqual(15);
    });
  });

  describe('when the main thread stalls past the stall limit', () => {
    it('stops beating so the node is suspected', async () => {
      const beats = heartbeat('edge-stall', 100);
      await beats.start();
      blockMainThread(400);
      const report = await beats.stop();
      expect(report.skipped).toBeGreaterThanOrEqual(10);
    });
  });
});
