import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startTestServer } from '../../support/api-server.ts';
import { runCli } from '../../support/cli.ts';
import { closedPort } from '../../../kit/free-port.ts';
import { readZooManifest } from '../../../profiler/zoo/zoo-manifest.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

let dir: string | undefined;
beforeAll(async () => {
  dir = await makeTempDir('zoo-cli');
});
afterAll(() => removeTempDir(dir));

describe('understudy zoo', () => {
  describe('when building into a directory', () => {
    it('writes the manifest and lists every variant', async () => {
      const zoo = join(dir as string, 'zoo');
      const result = await runCli(['zoo', 'build', '--dir', zoo]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(20);
      expect(lines[19]).toBe(
        `wrote 19 models in 4 families at scale 0.02; manifest: ${join(zoo, 'manifest.json')}`,
      );
      expect((await readZooManifest(zoo)).families).toHaveLength(4);
    });
  });

  describe('when the scale is out of range', () => {
    it('rejects it with one line', async () => {
      const result = await runCli([
        'zoo',
        'build',
        '--dir',
        join(dir as string, 'never'),
        '--scale',
        '0',
      ]);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: 'understudy: --scale must be a number above 0 and at most 1 (got 0)\n',
      });
    });
  });

  describe('when registering a built zoo with a running planner', () => {
    it('profiles every variant and upserts each family with the measured figures', async () => {
      const server = await startTestServer({ label: 'zoo-register' });
      try {
        const result = await runCli([
          'zoo',
          'register',
          '--loads',
          '1',
          '--runs',
          '5',
          '--api',
          server.url,
          '--dir',
          join(dir as string, 'zoo'),
        ]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout.trim().split('\n').sort()).toEqual([
          'registered efficientnet-like (8 variants)',
          'registered linear-probe (3 variants)',
          'registered mobilenet-like (3 variants)',
          'registered resnet-like (5 variants)',
        ]);
        const family = (await server.call('GET', '/v1/families/resnet-like')).body as {
          variants: Array<{ id: string; accuracy: number; memoryMiB: number; standIn: boolean }>;
        };
        expect(family.variants.map((variant) => variant.id)).toEqual([
          'resnet18',
          'resnet34',
          'resnet50',
          'resnet101',
          'resnet152',
        ]);
        expect(family.variants[0]).toMatchObject({ accuracy: 0.69758, standIn: true });
        expect(family.variants.every((variant) => variant.memoryMiB > 0)).toBe(true);
      } finally {
        await server.dispose();
      }
    }, 120_000);
  });

  describe('when the planner cannot be reached', () => {
    it('fails with one line naming the address, exit code 1', async () => {
      const port = await closedPort();
      const result = await runCli([
        'zoo',
        'register',
        '--api',
        `http://127.0.0.1:${port}`,
        '--dir',
        join(dir as string, 'zoo'),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `understudy: registering failed: cannot reach the planner at http://127.0.0.1:${port} (ECONNREFUSED)\n`,
      );
    });
  });

  describe('when registering a directory without a zoo', () => {
    it('says to build one first', async () => {
      const missing = join(dir as string, 'missing');
      const result = await runCli([
        'zoo',
        'register',
        '--api',
        'http://127.0.0.1:9',
        '--dir',
        missing,
      ]);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: `understudy: no zoo manifest at ${join(missing, 'manifest.json')} (run \`understudy zoo build\` first)\n`,
      });
    });
  });
});
