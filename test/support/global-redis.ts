/**
 * vitest's global setup: the Redis the tests run against is the one the demo would use —
 * `UNDERSTUDY_TEST_REDIS_URL`, `REDIS_URL`, else 127.0.0.1:6379 if it answers, else a private
 * `redis-server` on a free port for this run (stopped at the end) — or the run stops at once
 * with one sentence on how to get Redis, instead of every suite timing out on its own.
 */
import { resolveRedis } from '../../demo/redis-resolver.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const testUrl = process.env.UNDERSTUDY_TEST_REDIS_URL?.trim();
  const env = testUrl ? { ...process.env, UNDERSTUDY_REDIS_URL: testUrl } : process.env;
  let redis;
  try {
    redis = await resolveRedis({ env });
  } catch (error) {
    throw new Error(`the tests need Redis. ${(error as Error).message}`);
  }
  // Read by test/support/redis.ts in every test worker, which inherit this environment.
  process.env.UNDERSTUDY_TEST_REDIS_URL = redis.url;
  if (redis.source === 'private')
    process.stderr.write(
      `tests: no Redis answered; started a private redis-server at ${redis.url}\n`,
    );
  return () => redis.stop();
}
