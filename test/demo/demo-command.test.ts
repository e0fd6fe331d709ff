/**
 * `understudy demo` as an operator runs it: a real process, a real Redis, real child
 * processes. One run, checked from its output, its `--json` report, the process table, Redis
 * and the temporary directory.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../../demo/demo-run.ts';
import { runCli } from '../support/cli.ts';
import type { CliResult } from '../support/cli.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { isAlive } from '../../kit/is-alive.ts';

let scratch: string;
let run: CliResult;
let result: DemoResult;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'understudy-demo-test-'));
  const json = join(scratch, 'result.json');
  // TMPDIR: the demo's own temporary directory goes under `scratch/tmp`, checked below.
  const tmp = join(scratch, 'tmp');
  await mkdir(tmp);
  run = await runCli(['demo', '--json', json], { REDIS_URL: TEST_REDIS_URL, TMPDIR: tmp });
  if (run.code !== 0) console.log(run.stdout, run.stderr);
  result = JSON.parse(await readFile(json, 'utf8')) as DemoResult;
}, 180_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('understudy demo', () => {
  it('exits 0 with no problems and no error output', () => {
    expect(run.stderr).toBe('');
    expect(result.problems).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('uses the Redis named by REDIS_URL', () => {
    expect(result.redis).toEqual({ url: TEST_REDIS_URL, source: 'env' });
  });

  it("prints a recovery table of the killed node's apps, every one recovered without failures", () => {
    const rows = result.failover.rows;
    expect(rows.length).toBeGreaterThan(0);
    const section = run.stdout.slice(run.stdout.indexOf('Recovery after the kill'));
    for (const row of rows) {
      expect(row.recoveryMs).not.toBeNull();
      expect(row.understudyNode).not.toBe(result.failover.node);
      expect(row.failedRequests).toBe(0);
      expect(section).toMatch(
        new RegExp(`^  ${row.app} +${row.firstVariant}@${row.understudyNode} `, 'm'),
      );
    }
    expect(result.failover.summary).toMatchObject({
      recoveredApps: rows.length,
      affectedApps: rows.length,
      failedRequests: 0,
    });
  });

  it('re-protects, brings the node back and fails back without failed requests', () => {
    expect(result.failover.reprotectionPlanVersion).toBeGreaterThan(result.planVersion);
    expect(result.failBack.planVersion).toBeGreaterThan(result.failover.reprotectionPlanVersion!);
    expect(result.failBack.failedRequests).toBe(0);
    for (const row of result.failBack.rows) expect(row.accuracy).toBe(row.fullAccuracy);
  });

  it('leaves no process running', () => {
    // The planner, four agents, and the killed node's new agent.
    expect(result.processes.map((p) => p.name).sort()).toEqual(
      ['edge-1', 'edge-2', 'edge-3', 'edge-4', 'planner', result.failover.node].sort(),
    );
    for (const { pid } of result.processes) expect(isAlive(pid)).toBe(false);
  });

  it('leaves no keys and no temporary files', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const left: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `{${result.prefix}}:*`,
          'COUNT',
          1000,
        );
        left.push(...keys);
        cursor = next;
      } while (cursor !== '0');
      expect(left).toEqual([]);
    } finally {
      redis.disconnect();
    }
    const left = await readdir(join(scratch, 'tmp'));
    expect(left.filter((name) => name.startsWith('understudy-demo-'))).toEqual([]);
  });
});

describe('understudy demo --agents 3', () => {
  it('refuses, saying what is allowed', async () => {
    const refused = await runCli(['demo', '--agents', '3']);
    expect(refused.stderr).toBe('understudy: --agents must be an integer from 4 to 8 (got 3)\n');
    expect(refused.code).toBe(2);
  });
});
