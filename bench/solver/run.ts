/**
 * Solver benchmark: reference workloads from the model catalog at several sizes and seeds; our
 * solver and every baseline on the same problems, side by side. Prints one JSON document (to
 * stdout, or to --out) and a short table (stderr) of medians over seeds.
 *
 *   npx tsx bench/solver/run.ts [--sizes 27x5,100x10,1000x100,10000x1000] [--seeds 3]
 *     [--protection node|domain] [--out file]
 *
 * Not a test: nothing here asserts; the targets are reported as reached or missed.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { BASELINES, runBaseline } from '../../solver/baselines/index.ts';
import { generateOptions } from '../../solver/options.ts';
import { createSnapshot } from '../../solver/snapshot.ts';
import { solvePlan } from '../../solver/solve.ts';
import { fixedValueOf, unprotectableApps } from '../../solver/unprotectable.ts';
import { CATALOG_ASSUMPTIONS, loadCatalogFamilies } from './catalog.ts';
import { median, metricsOf } from './metrics.ts';
import type { PlanMetrics } from './metrics.ts';
import { WORKLOAD_ASSUMPTIONS, makeWorkload } from './workload.ts';

/** Targets from DESIGN.md; the solver gets the target time as its time limit. */
const TARGETS: Record<string, { timeLimitMs: number; gapPct?: number; seeds?: number }> = {
  '27x5': { timeLimitMs: 1_000 },
  '100x10': { timeLimitMs: 1_000, gapPct: 0.1 },
  '1000x100': { timeLimitMs: 5_000, gapPct: 1 },
  '10000x1000': { timeLimitMs: 60_000, gapPct: 3, seeds: 1 },
};

const args = parseArgs(process.argv.slice(2));
const families = loadCatalogFamilies();
const runs: {
  size: string;
  apps: number;
  nodes: number;
  seed: number;
  results: Record<string, PlanMetrics>;
}[] = [];

for (const size of args.sizes) {
  const [apps, nodes] = size.split('x').map(Number) as [number, number];
  const target = TARGETS[size] ?? { timeLimitMs: 10_000 };
  const seeds = Math.min(args.seeds, target.seeds ?? args.seeds);
  for (let seed = 1; seed <= seeds; seed++) {
    const problem = makeWorkload({ apps, nodes, seed, families, protection: args.protection });
    const results: Record<string, PlanMetrics> = {};
    let started = performance.now();
    const plan = await solvePlan(problem, { timeLimitMs: target.timeLimitMs, targetGapPct: 0.1 });
    results.solver = metricsOf(plan, apps, performance.now() - started);
    const snapshot = createSnapshot(problem);
    const fixedValue = fixedValueOf(
      snapshot,
      unprotectableApps(snapshot, generateOptions(snapshot)),
    );
    for (const baseline of BASELINES) {
      started = performance.now();
      const base = runBaseline(problem, baseline, {
        bound: plan.solver.bestBound,
        boundMethod: plan.solver.boundMethod,
        fixedValue,
      });
      results[baseline.name] = metricsOf(base, apps, performance.now() - started);
    }
    runs.push({ size, apps, nodes, seed, results });
    process.stderr.write(
      `${size} seed ${seed}: solver ${results.solver.timeMs.toFixed(0)} ms, gap ${results.solver.gapPct.toFixed(3)} %\n`,
    );
  }
}

const methods = ['solver', ...BASELINES.map((b) => b.name)];
const summary = args.sizes.flatMap((size) =>
  methods.map((method) => {
    const rows = runs.filter((r) => r.size === size).map((r) => r.results[method] as PlanMetrics);
    const med = (f: (m: PlanMetrics) => number) => median(rows.map(f));
    return {
      size,
      method,
      runs: rows.length,
      medianTimeMs: med((m) => m.timeMs),
      medianObjective: med((m) => m.objective),
      medianBound: med((m) => m.bound),
      medianGapPct: med((m) => m.gapPct),
      maxGapPct: Math.max(...rows.map((m) => m.gapPct)),
      medianAccuracyRetainedPct: med((m) => m.meanAccuracyRetainedPct),
      medianAccuracyRetainedProtectedPct: med((m) => m.meanAccuracyRetainedProtectedPct),
      medianRecoveryMs: med((m) => m.meanRecoveryMs),
      medianUnprotected: med((m) => m.unprotected),
    };
  }),
);
const targets = args.sizes.flatMap((size) => {
  const target = TARGETS[size];
  const rows = runs.filter((r) => r.size === size).map((r) => r.results.solver as PlanMetrics);
  if (target?.gapPct === undefined || rows.length === 0) return [];
  const maxTimeMs = Math.max(...rows.map((m) => m.timeMs));
  const maxGapPct = Math.max(...rows.map((m) => m.gapPct));
  return [
    {
      size,
      target: `≤ ${target.timeLimitMs} ms, gap ≤ ${target.gapPct} %`,
      medianTimeMs: median(rows.map((m) => m.timeMs)),
      maxTimeMs,
      medianGapPct: median(rows.map((m) => m.gapPct)),
      maxGapPct,
      metInEveryRun: maxTimeMs <= target.timeLimitMs && maxGapPct <= target.gapPct,
      runsMeetingTarget: rows.filter(
        (m) => m.timeMs <= target.timeLimitMs && m.gapPct <= (target.gapPct ?? 0),
      ).length,
      runs: rows.length,
    },
  ];
});

const document = {
  generatedAt: new Date().toISOString(),
  protection: args.protection,
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    note: 'shared, noisy machine: times are medians over seeds',
  },
  assumptions: [
    ...CATALOG_ASSUMPTIONS,
    ...WORKLOAD_ASSUMPTIONS,
    'objective: Σ w·(min(1, acc/acc_primary) − 0.1·recovery/maxRecoveryMs) − 1000·w per unprotected app; gap relative to |bound − penalty of apps no plan can protect|',
    "baselines are compared against the solver's bound; their time excludes that bound",
  ],
  runs,
  summary,
  targets,
};
const json = `${JSON.stringify(document, null, 2)}\n`;
if (args.out === undefined) process.stdout.write(json);
else writeFileSync(args.out, json);
process.stderr.write(formatTable(summary, targets));

function formatTable(rows: typeof summary, goals: typeof targets): string {
  const header = [
    'size',
    'method',
    'time ms',
    'objective',
    'bound',
    'gap %',
    'acc kept %',
    'acc kept (prot.) %',
    'recovery ms',
    'unprotected',
  ];
  const cells = rows.map((r) => [
    r.size,
    r.method,
    r.medianTimeMs.toFixed(0),
    r.medianObjective.toFixed(2),
    r.medianBound.toFixed(2),
    r.medianGapPct.toFixed(3),
    r.medianAccuracyRetainedPct.toFixed(2),
    r.medianAccuracyRetainedProtectedPct.toFixed(2),
    r.medianRecoveryMs.toFixed(0),
    r.medianUnprotected.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((x, i) => x.padStart(widths[i] ?? 0)).join('  ');
  const goalLines = goals.map(
    (g) =>
      `target ${g.size} ${g.target}: median ${g.medianTimeMs.toFixed(0)} ms / ${g.medianGapPct.toFixed(3)} %, worst ${g.maxTimeMs.toFixed(0)} ms / ${g.maxGapPct.toFixed(3)} % — met in ${g.runsMeetingTarget}/${g.runs} runs`,
  );
  return `${[line(header), ...cells.map(line), '', ...goalLines].join('\n')}\n(medians over seeds; stats per run in the JSON)\n`;
}

function parseArgs(argv: readonly string[]): {
  sizes: string[];
  seeds: number;
  out: string | undefined;
  protection: 'node' | 'domain';
} {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value('--sizes') ?? Object.keys(TARGETS).join(',')).split(','),
    seeds: Number(value('--seeds') ?? 3),
    out: value('--out'),
    protection: value('--protection') === 'domain' ? 'domain' : 'node',
  };
}
