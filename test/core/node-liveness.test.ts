import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../core/event-log.ts';
import { Keys } from '../../core/keys.ts';
import { NodeLiveness } from '../../core/node-liveness.ts';
import type { StatusChange } from '../../core/node-liveness.ts';
import { TEST_REDIS_URL, deletePrefix, uniquePrefix } from '../support/redis.ts';

describe('node liveness and incarnations', () => {
  const prefix = uniquePrefix('node-liveness');
  const keys = new Keys(prefix);
  let redis: Redis;
  let liveness: NodeLiveness;
  let events: EventLog;

  const failure = (node: string, judgedEpoch?: number): StatusChange => ({
    from: ['up', 'suspect'],
    to: 'down',
    atMs: 1_000,
    event: {
      type: 'node.failed',
      data: { node, cause: 'heartbeat-timeout', detectedAtMs: 1_000 },
    },
    ...(judgedEpoch === undefined ? {} : { judgedEpoch }),
  });
  const readmission = (node: string): StatusChange => ({
    from: ['down'],
    to: 'up',
    atMs: 2_000,
    event: { type: 'node.recovered', data: { node, from: 'down', detectedAtMs: 2_000 } },
  });
  const epochOf = async (node: string) => (await liveness.getMany([node])).get(node)?.epoch;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    liveness = new NodeLiveness({ redis, keys });
    events = new EventLog({ redis, keys });
  });

  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('moves the epoch on with every start of a live node', async () => {
    expect(await liveness.register('a', 1)).toEqual({ status: 'up', epoch: 1 });
    expect(await liveness.register('a', 2)).toEqual({ status: 'up', epoch: 2 });
    expect(await epochOf('a')).toBe(2);
  });

  it('writes the epoch judged into the failure event', async () => {
    await liveness.register('b', 1);
    const since = await events.lastCursor();
    const outcome = await liveness.transition('b', failure('b', 1));
    expect(outcome).toMatchObject({ changed: true, epoch: 1 });
    const { items } = await events.read({ since, limit: 10 });
    expect(items.map((event) => event.data)).toEqual([
      { node: 'b', cause: 'heartbeat-timeout', detectedAtMs: 1_000, epoch: 1 },
    ]);
  });

  it('refuses a decision judged on an earlier incarnation, and records nothing', async () => {
    await liveness.register('c', 1);
    await liveness.register('c', 2);
    const since = await events.lastCursor();
    expect(await liveness.transition('c', failure('c', 1))).toEqual({
      changed: false,
      current: 'stale',
      epoch: 2,
    });
    expect((await liveness.getMany(['c'])).get('c')?.status).toBe('up');
    expect((await events.read({ since, limit: 10 })).items).toEqual([]);
  });

  it('re-admits a failed node only after its fence for that epoch was acknowledged', async () => {
    await liveness.register('d', 1);
    await liveness.transition('d', failure('d'));
    expect(await liveness.transition('d', readmission('d'))).toEqual({
      changed: false,
      current: 'unfenced',
      epoch: 1,
    });
    expect(await liveness.acknowledgeFence('d', 0)).toBe(false);
    expect(await liveness.acknowledgeFence('d', 1)).toBe(true);
    const since = await events.lastCursor();
    expect(await liveness.transition('d', readmission('d'))).toMatchObject({
      changed: true,
      epoch: 2,
    });
    const { items } = await events.read({ since, limit: 10 });
    expect(items.map((event) => event.data)).toEqual([
      { node: 'd', from: 'down', detectedAtMs: 2_000, epoch: 2 },
    ]);
    expect(await liveness.acknowledgeFence('d', 2)).toBe(false);
  });

  it('keeps a restarted failed node down, its fresh start acknowledging the fence', async () => {
    await liveness.register('e', 1);
    await liveness.transition('e', failure('e'));
    expect(await liveness.register('e', 3)).toEqual({ status: 'down', epoch: 1 });
    expect((await liveness.getMany(['e'])).get('e')).toMatchObject({
      status: 'down',
      epoch: 1,
      fencedEpoch: 1,
    });
    expect(await liveness.transition('e', readmission('e'))).toMatchObject({
      changed: true,
      epoch: 2,
    });
  });
});
