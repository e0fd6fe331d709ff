import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Keys } from '../core/keys.ts';

/** A key prefix of its own for one demo run, so it never touches other data in the Redis. */
export function demoPrefix(): string {
  return `demo-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under the prefix, and nothing else; resolves with how many. */
export async function deletePrefixKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported through the rejected command
  let deleted = 0;
  try {
    const pattern = new Keys(prefix).all();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
