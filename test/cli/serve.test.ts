import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../support/api-server.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import { runCli } from '../support/cli.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const prefix = uniquePrefix('serve');
afterAll(async () => deletePrefix(prefix));

describe('understudy serve', () => {
  describe('when state was written and the server restarts', () => {
    it('still has the state, because it lives in Redis', async () => {
      const first = await UnderstudyProcess.serve({ prefix, redisUrl: TEST_REDIS_URL });
      expect((await call(first.url, 'GET', '/healthz')).status).toBe(200);
      expect(
        (await call(first.url, 'PUT', '/v1/nodes/keep', { body: { memoryMiB: 512 } })).status,
      ).toBe(201);
      await first.stop();

      const second = await UnderstudyProcess.serve({
        env: { ...process.env, UNDERSTUDY_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL },
      });
      try {
        const reply = await call(second.url, 'GET', '/v1/nodes/keep');
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({ id: 'keep', memoryMiB: 512 });
      } finally {
        await second.stop();
      }
    });
  });

  describe('when asked for help', () => {
    it('explains each option', async () => {
      const result = await runCli(['serve', '--help']);
      expect(result.code).toBe(0);
      for (const option of [
        '--port',
        '--host',
        '--redis',
        '--prefix',
        '--body-limit',
        '--log-level',
      ]) {
        expect(result.stdout).toContain(option);
      }
      expect(result.stdout).toContain('UNDERSTUDY_API_TOKEN');
    });
  });

  describe.each([
    {
      name: 'a port out of range',
      args: ['serve', '--port', '70000'],
      env: {},
      stderr: 'understudy: --port must be an integer from 0 to 65535, not "70000"\n',
    },
    {
      name: 'a non-loopback address without a token',
      args: ['serve', '--host', '0.0.0.0'],
      env: { UNDERSTUDY_API_TOKEN: '' },
      stderr:
        'understudy: refusing to listen on 0.0.0.0 without a token: set UNDERSTUDY_API_TOKEN, or use --host 127.0.0.1\n',
    },
    {
      name: 'a Redis URL of another scheme',
      args: ['serve', '--redis', 'http://127.0.0.1:6379'],
      env: {},
      stderr:
        'understudy: --redis must be a redis:// or rediss:// URL, not "http://127.0.0.1:6379"\n',
    },
  ])('when given $name', ({ args, env, stderr }) => {
    it('prints one clear line and exits 2 without starting', async () => {
      const result = await runCli(args, env);
      expect(result.stderr).toBe(stderr);
      expect(result.code).toBe(2);
    });
  });
});
