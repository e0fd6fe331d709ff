import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentStore } from '../../agents/agent-store.ts';
import type { AgentStore } from '../../agents/agent-store.ts';
import { createStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../support/redis.ts';

describe('AgentStore', () => {
  const prefix = uniquePrefix('agent-store');
  let redis: Redis;
  let agent: AgentStore;
  let planner: Store;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    agent = createAgentStore({ redis, prefix });
    planner = createStore({ redis, prefix });
  });

  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  describe('when its node does not exist yet', () => {
    it('creates the document an operator PUT would, and records resource.changed', async () => {
      const since = await planner.events.lastCursor();
      const { revision } = await agent.upsertNode('edge-new', {
        memoryMiB: 2048,
        address: '127.0.0.1:7171',
      });
      const stored = await planner.state.get('node', 'edge-new');
      expect(stored).toEqual({
        revision,
        doc: {
          id: 'edge-new',
          memoryMiB: 2048,
          address: '127.0.0.1:7171',
          domain: 'default',
          labels: {},
          draining: false,
        },
      });
      expect((await planner.state.list('node')).map((item) => item.revision)).toEqual([revision]);
      const { items } = await planner.events.read({ since, limit: 10 });
      expect(items.map(({ type, data }) => ({ type, data }))).toEqual([
        {
          type: 'resource.changed',
          data: { kind: 'node', id: 'edge-new', revision, deleted: false },
        },
      ]);
    });
  });

  describe('when an operator has set labels and draining', () => {
    it('keeps them and takes only what the agent knows', async () => {
      const created = await planner.state.putNode(
        'edge-kept',
        { memoryMiB: 1024, domain: 'rack-a', labels: { zone: 'north' }, draining: true },
        {},
      );
      const { revision } = await agent.upsertNode('edge-kept', {
        memoryMiB: 4096,
        address: '10.0.0.7:7171',
      });
      expect(Number(revision)).toBe(Number(created.revision) + 1);
      expect((await planner.state.get('node', 'edge-kept'))?.doc).toEqual({
        id: 'edge-kept',
        memoryMiB: 4096,
        address: '10.0.0.7:7171',
        domain: 'rack-a',
        labels: { zone: 'north' },
        draining: true,
      });
    });

    it('moves it to the domain the agent names', async () => {
      await agent.upsertNode('edge-kept', {
        memoryMiB: 4096,
        address: '10.0.0.7:7171',
        domain: 'rack-b',
      });
      expect((await planner.state.get('node', 'edge-kept'))?.doc).toMatchObject({
        domain: 'rack-b',
        labels: { zone: 'north' },
      });
    });
  });
});
