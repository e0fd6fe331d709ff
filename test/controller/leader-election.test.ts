import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEvent, waitUntil } from '../../kit/wait-until.ts';
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

/** The lease, telling the test of every attempt to take it (`acquire`) or keep it (`renew`). */
class ObservedLease extends Lease {
  constructor(
    private readonly events: EventEmitter,
    private readonly name: string,
  ) {
    super({ redis, keys: new Keys(prefix) });
  }

  override async acquire(holder: string, ttlMs: number): Promise<boolean> {
    const held = await super.acquire(holder, ttlMs);
    this.events.emit('acquire', this.name, held);
    return held;
  }

  override async renew(holder: string, ttlMs: number): Promise<boolean> {
    const held = await super.renew(holder, ttlMs);
    this.events.emit('renew', this.name, held);
    return held;
  }
}

function replica(events: EventEmitter, name: string): LeaderElection {
  return new LeaderElection({
    lease: new ObservedLease(events, name),
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
      await waitForEvent(events, 'elected', 'the first replica elected');
      const rounds = { renewed: 0, refused: 0 };
      events.on('renew', (name: string, held: boolean) => {
        if (name === 'first' && held) rounds.renewed += 1;
      });
      events.on('acquire', (name: string, held: boolean) => {
        if (name === 'second' && !held) rounds.refused += 1;
      });
      const second = replica(events, 'second');
      second.start();
      // Several renewal rounds pass without a change of leader: the leader keeps the lease,
      // the standby is refused it.
      await waitUntil('three renewals by the leader and three refusals of the standby', () =>
        rounds.renewed >= 3 && rounds.refused >= 3 ? true : undefined,
      );
      expect(elected).toEqual(['first']);
      expect([first.isLeader, second.isLeader]).toEqual([true, false]);

      const takeover = waitForEvent(events, 'elected', 'the standby elected');
      await first.stop();
      expect(await takeover).toEqual(['second']);
      expect([first.isLeader, second.isLeader]).toEqual([false, true]);
      await second.stop();
    });
  });
});
