import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffPlans } from '../../solver/diff/index.ts';
import { CliError } from '../../cli/cli-error.ts';
import { addPlanDiffCommand } from '../../cli/commands/plan-diff.ts';
import { planDiffHtml } from '../../src/reports/plan-diff-html.ts';
import { planDiffMarkdown } from '../../src/reports/plan-diff-markdown.ts';
import { app, family, variant } from '../support/builders.ts';
import { closedPort } from '../../kit/free-port.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { RESNET, threeNodeCluster } from './plan-builder.ts';

/** Runs `plan diff <args>` in this process, as cli/commands/plan.ts registers it. */
async function planDiff(...args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  addPlanDiffCommand(program.command('plan').exitOverride());
  await program.parseAsync(['plan', 'diff', ...args], { from: 'user' });
}

/** The CliError a run ends with, as cli.ts prints it, and its exit code. */
async function failure(...args: string[]): Promise<{ stderr: string; exitCode: number }> {
  const error = await planDiff(...args).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return { stderr: `understudy: ${error.message}`, exitCode: error.exitCode };
}

describe('understudy plan diff', () => {
  let dir: string;
  let api: TestServer;
  // From the three-node cluster, cam1's primary moves a → c.
  const older = threeNodeCluster();
  const newer = older.next().withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' });
  const out = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'understudy-plan-diff-'));
    await writeFile(out('v1.json'), JSON.stringify(older.build()));
    await writeFile(out('v2.json'), JSON.stringify(newer.build()));
    await writeFile(out('broken.json'), '{"version": 1, "assign');
    api = await startTestServer({ label: 'diff' });
    const variants = RESNET.variants.map((v) => variant(v.id, { ...v }));
    await api.store.state.putFamily('resnet', { ...family(), variants }, {});
    for (const id of ['cam1', 'cam2', 'cam3'])
      await api.store.state.putApp(id, app('resnet', 'r50'), {});
    await api.store.plans.publish(older.build());
    await api.store.plans.publish(newer.build());
  });
  afterAll(async () => {
    await api.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  describe('with two plan files', () => {
    it('writes the Markdown diff, without figures', async () => {
      await planDiff(out('v1.json'), out('v2.json'), '--out', out('files.md'));
      expect(await readFile(out('files.md'), 'utf8')).toBe(
        planDiffMarkdown(diffPlans(older.build(), newer.build())),
      );
    });
  });

  describe('with two versions on the planner', () => {
    it('writes the planner’s HTML diff', async () => {
      await planDiff('1', '2', '--format', 'html', '--api', api.url, '--out', out('v.html'));
      expect(await readFile(out('v.html'), 'utf8')).toBe(
        planDiffHtml(diffPlans(older.build(), newer.build(), newer.figures())),
      );
    });

    it('writes the JSON diff indented', async () => {
      await planDiff('1', '2', '--format', 'json', '--api', api.url, '--out', out('v.json'));
      const text = await readFile(out('v.json'), 'utf8');
      expect(JSON.parse(text)).toEqual(diffPlans(older.build(), newer.build(), newer.figures()));
      expect(text).toMatch(/^\{\n {2}"from": 1,/);
    });
  });

  describe('with a version and a file', () => {
    it('diffs here, with the planner’s figures', async () => {
      await planDiff(
        '1',
        out('v2.json'),
        '--format',
        'json',
        '--api',
        api.url,
        '--out',
        out('m.json'),
      );
      const diff = JSON.parse(await readFile(out('m.json'), 'utf8')) as ReturnType<
        typeof diffPlans
      >;
      // r152 loads on c in 900 ms: known only from the planner's family figures.
      expect(diff.transition.estimatedMs).toBe(900);
    });
  });

  describe('on bad input', () => {
    const cases: Array<{ name: string; given: () => string[]; want: () => string }> = [
      {
        name: 'an unknown format',
        given: () => [out('v1.json'), out('v2.json'), '--format', 'pdf'],
        want: () => 'understudy: --format must be one of json, md, html (got pdf)',
      },
      {
        name: 'a missing file',
        given: () => ['nope.json', out('v2.json')],
        want: () =>
          'understudy: nope.json: cannot read the plan file (ENOENT); give a version or a file',
      },
      {
        name: 'a file that is not JSON',
        given: () => [out('broken.json'), out('v2.json')],
        want: () =>
          `understudy: ${out('broken.json')}: not JSON; expected a plan as GET /v1/plans/{version} returns it`,
      },
      {
        name: 'a version the planner does not have',
        given: () => ['1', '9', '--api', api.url],
        want: () => `understudy: the planner at ${api.url} answered 404: no plan version 9`,
      },
      {
        name: 'an --api that is not a URL',
        given: () => ['1', '2', '--api', 'localhost'],
        want: () => 'understudy: --api localhost: not a URL (expected e.g. http://127.0.0.1:7070)',
      },
    ];

    it.each(cases)('reports $name in one line, exit 2', async ({ given, want }) => {
      expect(await failure(...given())).toEqual({ stderr: want(), exitCode: 2 });
    });

    it('reports a planner it cannot reach in one line, exit 1', async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      expect(await failure('1', '2', '--api', url)).toEqual({
        stderr: `understudy: cannot reach the planner at ${url} (ECONNREFUSED); is it running? (--api URL)`,
        exitCode: 1,
      });
    });
  });
});
