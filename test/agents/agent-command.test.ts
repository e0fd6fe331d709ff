import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort } from '../../kit/free-port.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

describe('understudy agent', () => {
  describe('when required flags are missing or out of range', () => {
    it('names every problem on one stderr line and exits 2', async () => {
      const result = await runCli(['agent', '--node-id', 'Edge 1', '--heartbeat-interval-ms', '0']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "understudy: --node-id must be 1-63 lower-case letters, digits, '.', '_' or '-' starting with a letter or digit, not \"Edge 1\"; " +
          '--model-dir is required: the directory for staged model files; ' +
          '--memory-mib is required: the memory for models, in MiB; ' +
          '--heartbeat-interval-ms must be an integer from 1 to 60000, not "0"\n',
      );
    });
  });

  describe('when Redis is not reachable', () => {
    it('says so and exits 1', async () => {
      const port = await closedPort();
      const result = await runCli([
        'agent',
        '--node-id',
        'edge-1',
        '--memory-mib',
        '64',
        '--model-dir',
        '/tmp/understudy-agent-unused',
        '--redis',
        `redis://127.0.0.1:${port}`,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `understudy: Redis at redis://127.0.0.1:${port} is not reachable (connect ECONNREFUSED 127.0.0.1:${port})\n`,
      );
    });
  });

  describe('when its listen address is taken', () => {
    it('says so and exits 1 without registering', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const { port } = taken.address() as AddressInfo;
      const prefix = uniquePrefix('agent-cli');
      try {
        const result = await runCli([
          'agent',
          ...[
            '--node-id',
            'edge-1',
            '--memory-mib',
            '64',
            '--model-dir',
            await mkdtemp(join(tmpdir(), 'understudy-cli-')),
          ],
          ...['--redis', TEST_REDIS_URL, '--prefix', prefix, '--listen', `127.0.0.1:${port}`],
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe(`understudy: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`);
      } finally {
        taken.close();
        await deletePrefix(prefix);
      }
    });
  });

  describe('when asked for help', () => {
    it('lists every option', async () => {
      const result = await runCli(['agent', '--help']);
      expect(result.code).toBe(0);
      for (const option of [
        '--node-id',
        '--memory-mib',
        '--model-dir',
        '--listen',
        '--heartbeat-interval-ms',
        '--heartbeat-timeout-ms',
        '--domain',
      ]) {
        expect(result.stdout).toContain(option);
      }
    });
  });
});
