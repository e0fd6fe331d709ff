import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRACE = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));

/** The project's own modules a CLI run loads, as paths from the repository root. */
async function modulesLoadedBy(args: string[], file: string): Promise<string[]> {
  const result = await runCli(args, {
    NODE_OPTIONS: `--import ${TRACE}`,
    MODULE_TRACE_FILE: file,
  });
  expect(result.code).not.toBeNull();
  const urls = (await readFile(file, 'utf8')).split('\n');
  return urls
    .filter((url) => url.startsWith('file://') && !url.includes('/node_modules/'))
    .map((url) => path.relative(ROOT, fileURLToPath(url)));
}

describe('the understudy CLI', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'understudy-modules-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('when it runs the agent', () => {
    it('loads the agent and core, and nothing of the planner, the solver or the demo', async () => {
      // Without its required flags the agent command stops right after parsing them: every
      // module it imports is loaded by then.
      const loaded = await modulesLoadedBy(['agent'], path.join(dir, 'agent.txt'));
      expect(loaded).toContain('agents/agent.ts');
      expect(loaded).toContain('core/errors.ts');
      const folders = new Set(loaded.map((file) => file.split('/')[0]));
      expect([...folders].sort()).toEqual(['agents', 'bin', 'cli', 'core', 'profiler']);
      expect(loaded.filter((file) => file.startsWith('cli/commands/'))).toEqual([
        'cli/commands/index.ts',
        'cli/commands/agent.ts',
      ]);
    });
  });

  describe('when it prints its help', () => {
    it('loads no command', async () => {
      const loaded = await modulesLoadedBy(['--help'], path.join(dir, 'help.txt'));
      expect(loaded.filter((file) => file.startsWith('cli/commands/'))).toEqual([
        'cli/commands/index.ts',
      ]);
      expect(loaded.some((file) => /^(agents|src|solver|demo|profiler)\//.test(file))).toBe(false);
    });
  });
});
