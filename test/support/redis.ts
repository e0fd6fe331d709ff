/** The Redis the tests run against, and the tests' own key prefixes in it. */
import { deletePrefixKeys, uniquePrefix as kitUniquePrefix } from '../../kit/prefix-keys.ts';

export const TEST_REDIS_URL = process.env.UNDERSTUDY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses: `test-<label>-<8 hex digits>`. */
export function uniquePrefix(label: string): string {
  return kitUniquePrefix(`test-${label}`);
}

/** Deletes every key under the prefix in the test Redis, and nothing else. */
export async function deletePrefix(prefix: string): Promise<void> {
  await deletePrefixKeys({ redisUrl: TEST_REDIS_URL, prefix });
}
