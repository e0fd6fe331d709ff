import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys, uniquePrefix } from '../../kit/prefix-keys.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

const redis = new Redis(TEST_REDIS_URL);
afterAll(() => redis.disconnect());

describe('deletePrefixKeys', () => {
  it('deletes every key under the prefix, and only those', async () => {
    const mine = uniquePrefix('test-kit');
    const theirs = uniquePrefix('test-kit');
    expect(mine).toMatch(/^test-kit-[0-9a-f]{8}$/);
    await redis.set(`{${mine}}:a`, '1');
    await redis.hset(`{${mine}}:state:b`, 'x', '1');
    await redis.set(`{${theirs}}:a`, '1');
    try {
      expect(await deletePrefixKeys({ redisUrl: TEST_REDIS_URL, prefix: mine })).toBe(2);
      expect(await redis.exists(`{${mine}}:a`, `{${mine}}:state:b`)).toBe(0);
      expect(await redis.exists(`{${theirs}}:a`)).toBe(1);
    } finally {
      await deletePrefixKeys({ redisUrl: TEST_REDIS_URL, prefix: theirs });
    }
  });
});
