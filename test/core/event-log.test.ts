import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../core/event-log.ts';
import { Keys } from '../../core/keys.ts';
import { pino } from 'pino';
import { eventCheck } from '../../core/event-check.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { nodeFailedData, planAppliedData } from '../../kit/event-payloads.ts';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../support/redis.ts';

describe('EventLog', () => {
  const prefix = uniquePrefix('event-log');
  const keys = new Keys(prefix);
  const skipped: Array<{ id: string; type: string; problems: FieldProblem[] }> = [];
  let redis: Redis;
  let events: EventLog;

  /** Writes an entry as another program might, bypassing the typed `append`. */
  const writeRaw = async (type: string, data: string): Promise<string> =>
    (await redis.xadd(keys.events(), '*', 'type', type, 'at', '1000', 'data', data)) ?? '';

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    events = new EventLog({
      redis,
      keys,
      validate: eventCheck(pino({ level: 'silent' })).validate,
      onInvalid: (entry) => skipped.push(entry),
    });
  });

  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  describe('when it checks what it reads against the spec', () => {
    it('delivers what the typed append wrote, with its payload as written', async () => {
      const since = await events.lastCursor();
      await events.append('node.failed', nodeFailedData({ node: 'edge-1', detectedAtMs: 5 }));
      const { items } = await events.read({ since, limit: 10 });
      expect(items.map(({ type, data }) => ({ type, data }))).toEqual([
        {
          type: 'node.failed',
          data: {
            node: 'edge-1',
            cause: 'process-exited',
            droppedAtMs: 5,
            detectedAtMs: 5,
            epoch: 1,
          },
        },
      ]);
    });

    it('skips entries whose payload is not what their type says, and moves past them', async () => {
      skipped.length = 0;
      const since = await events.lastCursor();
      const missing = await writeRaw('failover.served', JSON.stringify({ app: 'cam' }));
      const mistyped = await writeRaw(
        'plan.applied',
        JSON.stringify({ ...planAppliedData({ node: 'b', planVersion: 9 }), planVersion: '9' }),
      );
      const broken = await writeRaw('node.failed', '{"node": ');
      const unknown = await writeRaw('node.exploded', JSON.stringify({ node: 'b' }));
      const good = await events.append('node.failed', nodeFailedData({ node: 'edge-2' }));

      const page = await events.read({ since, limit: 10 });
      expect(page.items.map((event) => event.id)).toEqual([good]);
      expect(page.next).toBe(good);
      expect(skipped.map(({ id, type }) => ({ id, type }))).toEqual([
        { id: missing, type: 'failover.served' },
        { id: mistyped, type: 'plan.applied' },
        { id: broken, type: 'node.failed' },
        { id: unknown, type: 'node.exploded' },
      ]);
      expect(skipped[0]?.problems.length).toBeGreaterThan(0);

      const blocking = await events.readBlocking({ after: since, blockMs: 100, limit: 10 });
      expect(blocking.items.map((event) => event.id)).toEqual([good]);
    });

    it('gives an empty page, and the cursor past them, when all it read was skipped', async () => {
      const since = await events.lastCursor();
      const missing = await writeRaw('failover.served', JSON.stringify({ app: 'cam' }));
      expect(await events.read({ since, limit: 10 })).toEqual({ items: [], next: missing });
    });
  });
});
