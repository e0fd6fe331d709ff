/**
 * Profiles the zoo at two scales and prints one JSON document (stdout, or `--out FILE`) with
 * per-variant cold load time, memory, latency and file size, plus a table on stderr, so later
 * work can relate recovery time to model size.
 *
 *   npx tsx bench/profile/run.ts [--scales 0.02,0.19] [--loads 5] [--runs 200] [--warmup 20] [--out FILE]
 *
 * Scale 0.02 is the default zoo (CI); 0.19 makes the largest model ≈ 50 MB, the size the
 * progressive cold-failover target is stated for.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo } from '../machine.ts';
import { median, round } from '../../profiler/stats.ts';
import { buildZoo } from '../../profiler/zoo/build-zoo.ts';
import { profileZoo } from '../../profiler/zoo/profile-zoo.ts';
import { profileTable } from './profile-table.ts';
import type { ScaleResult, VariantResult } from './results.ts';

const { values: flags } = parseArgs({
  options: {
    scales: { type: 'string', default: '0.02,0.19' },
    loads: { type: 'string', default: '5' },
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
const settings = {
  loads: Number(flags.loads),
  runs: Number(flags.runs),
  warmupRuns: Number(flags.warmup),
};
const scales = flags.scales.split(',').map(Number);

async function benchScale(scale: number): Promise<ScaleResult> {
  const dir = await mkdtemp(join(tmpdir(), `understudy-bench-profile-${scale}-`));
  try {
    const started = performance.now();
    const manifest = await buildZoo({ dir, scale });
    const buildMs = round(performance.now() - started, 0);
    const variants: VariantResult[] = [];
    await profileZoo(manifest, {
      dir,
      measure: settings,
      onVariant: (family, entry, { variant, coldLoads }) => {
        process.stderr.write(`  profiled ${family.id}/${entry.id} at scale ${scale}\n`);
        variants.push({
          family: family.id,
          variant: entry.id,
          parameters: entry.parameters,
          fileMiB: round(entry.fileBytes / 2 ** 20, 3),
          loadMs: variant.loadMs,
          firstRunMs: round(median(coldLoads.map((c) => c.firstRunMs)), 2),
          memoryMiB: variant.memoryMiB,
          p50Ms: variant.latencyMs.p50,
          p95Ms: variant.latencyMs.p95,
          p99Ms: variant.latencyMs.p99,
          throughputPerSec: variant.throughputPerSec,
          accuracy: variant.accuracy ?? null,
          accuracySource: variant.accuracySource ?? null,
        });
      },
    });
    return { scale, buildMs, variants };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const results: ScaleResult[] = [];
for (const scale of scales) results.push(await benchScale(scale));
const document = {
  benchmark: 'profile',
  machine: machineInfo(),
  settings: {
    ...settings,
    statistics:
      'loadMs, firstRunMs, memoryMiB: median over `loads` cold loads, each in a fresh process; p50/p95/p99: nearest-rank percentiles of `runs` timed batch-1 runs after `warmupRuns`',
  },
  scales: results,
};
const json = `${JSON.stringify(document, null, 2)}\n`;
if (flags.out !== undefined) await writeFile(flags.out, json);
else process.stdout.write(json);
process.stderr.write(profileTable(results, settings.loads));
