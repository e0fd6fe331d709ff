import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/cli-error.ts';
import { findOnPath, NO_REDIS_MESSAGE, ping, resolveRedis } from '../../demo/redis-resolver.ts';
import { closedPort } from '../../kit/free-port.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { isAlive } from '../../kit/is-alive.ts';

const closedUrl = async () => `redis://127.0.0.1:${await closedPort()}`;

/** What `resolveRedis` threw, so the test can pin the exact sentence and exit code. */
async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('resolveRedis', () => {
  describe('when REDIS_URL names a Redis that answers', () => {
    it('uses it and owns nothing', async () => {
      const redis = await resolveRedis({
        env: { REDIS_URL: TEST_REDIS_URL },
        defaultUrl: await closedUrl(),
      });
      expect(redis).toMatchObject({ url: TEST_REDIS_URL, source: 'env', pid: undefined });
      await redis.stop();
    });
  });

  describe('when REDIS_URL names a closed port', () => {
    it('says so in one sentence, naming the variable and the URL', async () => {
      const url = await closedUrl();
      const error = await failure(
        resolveRedis({ env: { REDIS_URL: url }, defaultUrl: TEST_REDIS_URL }),
      );
      expect(error.message).toBe(
        `REDIS_URL is ${url} but no Redis answers there (ECONNREFUSED); start it or unset REDIS_URL.`,
      );
      expect(error.exitCode).toBe(1);
    });
  });

  describe('when REDIS_URL is not a Redis URL', () => {
    it('says what it must be', async () => {
      const error = await failure(resolveRedis({ env: { REDIS_URL: 'localhost:6379' } }));
      expect(error.message).toBe(
        'REDIS_URL must be a redis:// or rediss:// URL, not "localhost:6379".',
      );
    });
  });

  describe('when no URL is set and a Redis answers on the default URL', () => {
    it('uses the default', async () => {
      const redis = await resolveRedis({ env: {}, defaultUrl: TEST_REDIS_URL });
      expect(redis).toMatchObject({ url: TEST_REDIS_URL, source: 'default', pid: undefined });
    });
  });

  describe('when nothing answers and redis-server is installed', async () => {
    const binary = await findOnPath('redis-server', process.env);

    it.skipIf(binary === undefined)(
      'starts a private one on a free port, and stopping it leaves no process',
      async () => {
        const defaultUrl = await closedUrl();
        const redis = await resolveRedis({ env: { PATH: process.env.PATH }, defaultUrl });
        try {
          expect(redis.source).toBe('private');
          expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
          expect(redis.url).not.toBe(defaultUrl);
          expect(await ping(redis.url, 1_000)).toBe('PONG');
          expect(isAlive(redis.pid!)).toBe(true);
        } finally {
          await redis.stop();
        }
        expect(isAlive(redis.pid!)).toBe(false);
        expect(await ping(redis.url, 500)).not.toBe('PONG');
      },
    );
  });

  describe('when nothing answers and there is no redis-server', () => {
    it('says how to get Redis, in one sentence', async () => {
      const error = await failure(
        resolveRedis({
          env: {},
          defaultUrl: await closedUrl(),
          findBinary: async () => undefined,
        }),
      );
      expect(error.message).toBe(NO_REDIS_MESSAGE);
      expect(NO_REDIS_MESSAGE).toBe(
        'No Redis found: set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server (apt-get install redis-server).',
      );
      expect(error.exitCode).toBe(1);
    });
  });
});
