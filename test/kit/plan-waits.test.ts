import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventFollower } from '../../kit/event-follower.ts';
import { planAppliedData, planPublishedData } from '../../kit/event-payloads.ts';
import { waitApplied, waitPublished } from '../../kit/plan-waits.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { WaitTimeout } from '../../kit/wait-until.ts';
import { createStore } from '../../src/store/index.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const redis = new Redis(TEST_REDIS_URL);
const prefixes: string[] = [];
let log: ReturnType<typeof createStore>['events'];
let events: EventFollower;

beforeEach(async () => {
  const prefix = uniquePrefix('kit-plan-waits');
  prefixes.push(prefix);
  log = createStore({ redis, prefix }).events;
  events = await EventFollower.start({
    source: new RedisEventSource({ redisUrl: TEST_REDIS_URL, prefix }),
  });
});
afterEach(async () => {
  await events.stop();
});
afterAll(async () => {
  redis.disconnect();
  await Promise.all(prefixes.map((prefix) => deletePrefix(prefix)));
});

describe('waitPublished', () => {
  describe('when plans of other reasons, nodes and older versions come first', () => {
    it('resolves with the version of the first one that matches', async () => {
      await log.append('plan.published', planPublishedData({ version: 1 }));
      await log.append(
        'plan.published',
        planPublishedData({ version: 2, reason: 'failover', node: 'edge-b' }),
      );
      await log.append(
        'plan.published',
        planPublishedData({ version: 3, reason: 'failover', node: 'edge-a' }),
      );
      const later = waitPublished(events, { reason: 'failover', node: 'edge-a', afterVersion: 3 });
      await log.append(
        'plan.published',
        planPublishedData({ version: 4, reason: 'failover', node: 'edge-a' }),
      );
      expect(await waitPublished(events, { reason: 'failover', node: 'edge-a' })).toBe(3);
      expect(await waitPublished(events, { reason: 'failover' })).toBe(2);
      expect(await later).toBe(4);
    });
  });

  describe('when no plan matches in time', () => {
    it('rejects with a WaitTimeout naming the plan', async () => {
      await log.append('plan.published', planPublishedData({ version: 1 }));
      const wait = waitPublished(
        events,
        { reason: 'fail-back', node: 'edge-a' },
        { timeoutMs: 100 },
      );
      await expect(wait).rejects.toThrow(new WaitTimeout('a fail-back plan for edge-a', 100));
    });
  });
});

describe('waitApplied', () => {
  const plan = { version: 2, nodes: ['edge-a', 'edge-b'] };

  describe('when one node reported the version and the other only an older one', () => {
    it('waits on, and times out naming the version and the nodes', async () => {
      await log.append('plan.applied', planAppliedData({ node: 'edge-a', planVersion: 2 }));
      await log.append('plan.applied', planAppliedData({ node: 'edge-b', planVersion: 1 }));
      await events.caughtUp();
      await expect(waitApplied(events, plan, { timeoutMs: 100 })).rejects.toThrow(
        new WaitTimeout('plan v2 applied on edge-a, edge-b', 100),
      );
    });
  });

  describe('when every node has reported the version', () => {
    it('resolves, whichever came first', async () => {
      const applied = waitApplied(events, plan);
      await log.append('plan.applied', planAppliedData({ node: 'edge-b', planVersion: 2 }));
      await log.append('plan.applied', planAppliedData({ node: 'edge-a', planVersion: 2 }));
      await expect(applied).resolves.toBeUndefined();
    });
  });
});
