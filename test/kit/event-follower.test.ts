import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeOf } from '../../core/events.ts';
import type { ClusterEvent } from '../../core/events.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { RestEventSource } from '../../kit/rest-event-source.ts';
import { WaitTimeout } from '../../kit/wait-until.ts';
import { failoverData, nodeFailedData, nodeRegisteredData } from '../../kit/event-payloads.ts';
import { createStore } from '../../src/store/index.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const prefix = uniquePrefix('kit-follower');
const redis = new Redis(TEST_REDIS_URL);
const { events: log } = createStore({ redis, prefix });
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

const source = () => new RedisEventSource({ redisUrl: TEST_REDIS_URL, prefix });
const nodesOf = (events: readonly ClusterEvent[]) => events.map(nodeOf);

describe('EventFollower', () => {
  describe('on the Redis stream, from the start', () => {
    it('sees the events appended before it started and awaits those still to come', async () => {
      await log.append('node.registered', nodeRegisteredData({ node: 'early' }));
      const follower = await EventFollower.start({ source: source() });
      try {
        await follower.waitFor('the early event', (event) => nodeOf(event) === 'early');
        const later = follower.waitFor('the later event', (event) => nodeOf(event) === 'later');
        await log.append('node.registered', nodeRegisteredData({ node: 'later' }));
        expect((await later).type).toBe('node.registered');
        expect(nodesOf(follower.ofType('node.registered'))).toEqual(['early', 'later']);
      } finally {
        await follower.stop();
      }
    });
  });

  describe('on the Redis stream, from now', () => {
    it('sees only what is appended after it started, and has it all once caught up', async () => {
      await log.append('node.failed', nodeFailedData({ node: 'before' }));
      const follower = await EventFollower.start({ source: source(), from: 'now' });
      try {
        for (const node of ['one', 'two', 'three'])
          await log.append('node.failed', nodeFailedData({ node }));
        expect(nodesOf(await follower.caughtUp())).toEqual(['one', 'two', 'three']);
      } finally {
        await follower.stop();
      }
    });
  });

  describe('when asked for events after a count seen', () => {
    it('does not match the earlier ones', async () => {
      const follower = await EventFollower.start({ source: source(), from: 'now' });
      try {
        const served = { app: 'cam', node: 'b', failedNode: 'a', trigger: '1-0' };
        await log.append('failover.served', failoverData({ ...served, variant: 'first' }));
        await follower.waitFor('the first', (event) => event.type === 'failover.served');
        const seen = follower.seen;
        await log.append('failover.served', failoverData({ ...served, variant: 'second' }));
        const second = await follower.waitForType('the second', 'failover.served', undefined, {
          after: seen,
        });
        expect(second.data.variant).toBe('second');
        expect(follower.ofType('failover.served', 'cam')).toHaveLength(2);
      } finally {
        await follower.stop();
      }
    });
  });

  describe('when the event does not come', () => {
    it('rejects with a WaitTimeout naming it', async () => {
      const follower = await EventFollower.start({ source: source(), from: 'now' });
      try {
        await expect(
          follower.waitFor('node.failed for ghost', () => false, { timeoutMs: 100 }),
        ).rejects.toThrow(new WaitTimeout('node.failed for ghost', 100));
      } finally {
        await follower.stop();
      }
    });
  });

  describe('through the REST API', () => {
    it('pages on from the cursor the API returns', async () => {
      const all = [1, 2, 3].map((n) => ({
        id: `${n}-0`,
        type: 'node.registered' as const,
        at: new Date(n).toISOString(),
        atMs: n,
        data: { node: `n${n}` },
      }));
      const paths: string[] = [];
      const client = {
        request: async <T>(_method: string, path: string): Promise<T> => {
          paths.push(path);
          const since = /since=([^&]+)/.exec(path)?.[1];
          const items = all.filter((event) => since === undefined || event.id > since);
          return { items, next: items.at(-1)?.id ?? since ?? '0-0' } as T;
        },
      };
      const follower = await EventFollower.start({ source: new RestEventSource(client) });
      try {
        expect(nodesOf(await follower.caughtUp())).toEqual(['n1', 'n2', 'n3']);
        expect(paths[0]).toBe('/v1/events?limit=1000');
        expect(paths[1]).toBe('/v1/events?since=3-0&limit=1000');
      } finally {
        await follower.stop();
      }
    });
  });
});
