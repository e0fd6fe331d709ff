/**
 * A key prefix of one's own, and its removal: whatever runs under a unique prefix (a test
 * file, a demo run, a benchmark round) never touches other data in the Redis, and deletes
 * exactly its own keys when it ends.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Keys } from '../core/keys.ts';

/** `<label>-<8 hex digits>`, e.g. `demo-1f2e3d4c`. */
export function uniquePrefix(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under the prefix, and nothing else; resolves with how many. */
export async function deletePrefixKeys(options: {
  redisUrl: string;
  prefix: string;
}): Promise<number> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported through the rejected command
  let deleted = 0;
  try {
    const pattern = new Keys(options.prefix).all();
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
