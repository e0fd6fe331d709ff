import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderElection } from '../../src/controller/leader-election.ts';
import { Keys } from '../../core/keys.ts';
import { Lease } from '../../src/store/lease.ts';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../support/redis.ts';

const prefix = uniquePrefix('leader');
let redis: Redis;
beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

function replica(events: EventEmitter, name: string): LeaderElection {
  return new LeaderElection({
    lease: new Lease({ redis, keys: new Keys(prefix) }),
    logger: pino({ level: 'silent' }),
    ttlMs: 600,
    intervalMs: 100,
    onElected: () => events.emit('elected', name),
    onDeposed: () => events.emit('deposed', name),
  });
}

describe('LeaderElection', () => {
  describe('when two replicas campaign', () => {
    it('elects exactly one, and the other takes over when the leader steps down', async () => {
      const events = new EventEmitter();
      const elected: string[] = [];
      events.on('elected', (name: string) => elected.push(name));
      const first = replica(events, 'first');
      first.start();
      await once(events, 'elected');
      const second = replica(events, 'second');
      second.start();
      // Several renewal rounds pass without a change of leader.
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(elected).toEqual(['first']);
      expect([first.isLeader, second.isLeader]).toEqual([true, false]);

      const takeover = once(events, 'elected');
      await first.stop();
      expect(await takeover).toEqual(['second']);
      expect([first.isLeader, second.isLeader]).toEqual([false, true]);
      await second.stop();
    });
  });
});
