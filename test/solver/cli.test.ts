import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPlan } from '../../solver/index.ts';
import type { Plan } from '../../solver/index.ts';
import { sharedReserve } from './instances.ts';

const BIN = new URL('../../bin/understudy.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'understudy-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], files: Record<string, string> = {}) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const result = spawnSync(process.execPath, [BIN, 'plan', 'solve', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const valid = sharedReserve().build();
const broken = (change: (p: typeof valid) => void) => {
  const copy = structuredClone(valid);
  change(copy);
  return JSON.stringify(copy);
};

const table: {
  name: string;
  given: { args: string[]; files?: Record<string, string> };
  want: string;
}[] = [
  {
    name: 'a value out of range',
    given: {
      args: ['bad.json'],
      files: { 'bad.json': broken((p) => void (p.apps[0]!.slo.minAccuracy = 2)) },
    },
    want: 'understudy: bad.json: /apps/0/slo/minAccuracy: must be <= 1\n',
  },
  {
    name: 'an unknown property',
    given: {
      args: ['bad.json'],
      files: { 'bad.json': broken((p) => void Object.assign(p.nodes[1]!, { cpu: 4 })) },
    },
    want: "understudy: bad.json: /nodes/1: must not have the property 'cpu'\n",
  },
  {
    name: 'a missing required field',
    given: {
      args: ['bad.json'],
      files: { 'bad.json': broken((p) => void delete (p.apps[1] as { family?: string }).family) },
    },
    want: "understudy: bad.json: /apps/1: must have required property 'family'\n",
  },
  {
    name: 'a family that does not exist',
    given: {
      args: ['bad.json'],
      files: { 'bad.json': broken((p) => void (p.apps[1]!.family = 'nope')) },
    },
    want: "understudy: bad.json: /apps/1/family: unknown family 'nope'\n",
  },
  {
    name: 'a variant its family lacks',
    given: {
      args: ['bad.json'],
      files: { 'bad.json': broken((p) => void (p.apps[0]!.primaryVariant = 'huge')) },
    },
    want: "understudy: bad.json: /apps/0/primaryVariant: unknown variant 'huge' of family 'f' (it has: big, small)\n",
  },
  {
    name: 'a node that does not exist and a duplicate node id, both reported',
    given: {
      args: ['bad.json'],
      files: {
        'bad.json': broken((p) => {
          p.apps[0]!.primaryNode = 'n9';
          p.nodes[2]!.id = 'n1';
        }),
      },
    },
    want: "understudy: bad.json: /nodes/2/id: duplicate node id 'n1' (first at /nodes/0)\nunderstudy: bad.json: /apps/0/primaryNode: unknown node 'n9'\n",
  },
  {
    name: 'a file that does not exist',
    given: { args: ['missing.json'] },
    want: 'understudy: missing.json: cannot read the file (ENOENT)\n',
  },
  {
    name: 'an unknown format',
    given: { args: ['ok.json', '--format', 'xml'], files: { 'ok.json': JSON.stringify(valid) } },
    want: "understudy: --format: must be json or table, not 'xml'\n",
  },
  {
    name: 'a time limit that is not a number',
    given: {
      args: ['ok.json', '--time-limit', 'soon'],
      files: { 'ok.json': JSON.stringify(valid) },
    },
    want: "understudy: --time-limit: must be a positive number of seconds, not 'soon'\n",
  },
];

describe('understudy plan solve', () => {
  describe('on malformed input', () => {
    it.each(table)('names the field for $name and exits 2', ({ given, want }) => {
      const { code, stdout, stderr } = run(given.args, given.files);
      expect(stderr).toBe(want);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });

    it('says when the file is not JSON', () => {
      const { code, stderr } = run(['bad.json'], { 'bad.json': '{"nodes": ' });
      expect(stderr).toMatch(/^understudy: bad\.json: not valid JSON: .+\n$/);
      expect(code).toBe(2);
    });
  });

  describe('on a valid problem', () => {
    it('prints a plan the checker passes, as JSON', () => {
      const { code, stdout, stderr } = run(['ok.json', '--time-limit', '5'], {
        'ok.json': JSON.stringify(valid),
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const plan = JSON.parse(stdout) as Plan;
      expect(checkPlan(valid, plan)).toEqual([]);
      expect(plan.solver.objective).toBeCloseTo(1.896, 9);
    });

    it('prints a table on request', () => {
      const { code, stdout } = run(['ok.json', '--format', 'table'], {
        'ok.json': JSON.stringify(valid),
      });
      expect(code).toBe(0);
      expect(stdout.split('\n').slice(0, 3)).toEqual([
        'app  primary  understudy  mode  recovery ms  accuracy kept',
        'a1   big@n1   big@n3      cold  1040         100.0 %',
        'a2   big@n2   big@n3      cold  1040         100.0 %',
      ]);
    });
  });
});
