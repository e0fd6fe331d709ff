/**
 * The MTTR benchmark's summary per configuration (recovery against the DESIGN.md targets of
 * each understudy mode, failed requests, re-protection) and the human table printed on stderr.
 */
import { percentile, round } from '../../profiler/stats.ts';
import { modeOf } from './hand-made-plan.ts';
import type { AppSpec, Configuration, UnderstudyMode } from './hand-made-plan.ts';
import type { RoundResult } from './round.ts';

interface ModeTarget {
  meanRecoveryMs: number | null;
  p99RecoveryMs: number | null;
  source: string;
}

export const MODE_TARGETS: Record<UnderstudyMode, ModeTarget> = {
  warm: {
    meanRecoveryMs: 50,
    p99RecoveryMs: 100,
    source: 'DESIGN.md Targets: mean recovery, crash, warm understudy ≤ 50 ms, p99 ≤ 100 ms',
  },
  progressive: {
    meanRecoveryMs: 150,
    p99RecoveryMs: null,
    source: 'DESIGN.md Targets: mean recovery, progressive cold understudy ≤ 150 ms',
  },
  restart: {
    meanRecoveryMs: null,
    p99RecoveryMs: null,
    source: 'baseline (restart of the full-size primary on a surviving node); no target',
  },
};

export type Summary = ReturnType<typeof summarise>;

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const stat = (values: number[], f: (v: number[]) => number) =>
  values.length === 0 ? null : round(f(values), 2);
const present = <T>(values: Array<T | null>) => values.filter((v): v is T => v !== null);
const meets = (value: number | null, limit: number | null) =>
  limit === null ? null : value !== null && value <= limit;
/** All the checks that apply hold; null when none applies. */
const allOf = (checks: Array<boolean | null>) => {
  const applied = present(checks);
  return applied.length === 0 ? null : applied.every(Boolean);
};

export function summarise(
  configuration: Configuration,
  all: readonly RoundResult[],
  specs: readonly AppSpec[],
) {
  const rounds = all.filter((r) => r.configuration === configuration);
  const apps = rounds.flatMap((r) => r.apps);
  const expected = rounds.length * specs.length;
  const recovery = present(apps.map((a) => a.recoveryMs));
  const modes = [...new Set(specs.map((spec) => modeOf(configuration, spec)))];
  const byMode = Object.fromEntries(
    modes.map((mode) => {
      const mine = apps.filter((a) => a.understudyMode === mode);
      const values = present(mine.map((a) => a.recoveryMs));
      const target = MODE_TARGETS[mode];
      const meanMs = stat(values, mean);
      const p99Ms = stat(values, (v) => percentile(v, 99));
      const perRound = specs.filter((spec) => modeOf(configuration, spec) === mode).length;
      return [
        mode,
        {
          appsExpected: rounds.length * perRound,
          appsRecovered: values.length,
          recoveryMs: {
            mean: meanMs,
            p50: stat(values, (v) => percentile(v, 50)),
            p99: p99Ms,
            max: stat(values, (v) => Math.max(...v)),
          },
          target,
          meets: {
            meanRecovery: meets(meanMs, target.meanRecoveryMs),
            p99Recovery: meets(p99Ms, target.p99RecoveryMs),
          },
        },
      ];
    }),
  );
  const recoveredPct = expected === 0 ? 0 : round((100 * recovery.length) / expected, 1);
  const failedRequests = apps.reduce((sum, a) => sum + a.failedRequests, 0);
  const reprotection = summariseReprotection(rounds, specs.length);
  const modeSummaries = Object.values(byMode);
  return {
    configuration,
    rounds: rounds.length,
    roundErrors: rounds.flatMap((r) =>
      r.error === undefined ? [] : [`round ${r.round}: ${r.error}`],
    ),
    roundsRunAgain: rounds.filter((r) => r.earlierErrors !== undefined).length,
    appsExpected: expected,
    appsRecovered: recovery.length,
    recoveredPct,
    recoveryMs: {
      mean: stat(recovery, mean),
      p50: stat(recovery, (v) => percentile(v, 50)),
      p99: stat(recovery, (v) => percentile(v, 99)),
      min: stat(recovery, (v) => Math.min(...v)),
      max: stat(recovery, (v) => Math.max(...v)),
    },
    byMode,
    servedEventMs: {
      mean: stat(present(apps.map((a) => a.servedEventMs)), mean),
      p50: stat(present(apps.map((a) => a.servedEventMs)), (v) => percentile(v, 50)),
    },
    detectionMs: {
      mean: stat(present(rounds.map((r) => r.detectionMs)), mean),
      max: stat(present(rounds.map((r) => r.detectionMs)), (v) => Math.max(...v)),
    },
    requests: apps.reduce((sum, a) => sum + a.requests, 0),
    failedRequests,
    failedAfterReprotectionPlan: apps.reduce((sum, a) => sum + a.failedAfterReprotectionPlan, 0),
    failedBeforeKill: apps.reduce((sum, a) => sum + a.failedBeforeKill, 0),
    reprotection,
    survivorMemory: survivorMemory(rounds),
    accuracy: {
      meanBefore: stat(present(apps.map((a) => a.accuracyBefore)), mean),
      meanAfterFirstAnswer: stat(present(apps.map((a) => a.accuracyAfter)), mean),
      meanAtEnd: stat(present(apps.map((a) => a.accuracyAtEnd)), mean),
    },
    targets: {
      recoveryByMode: Object.fromEntries(modes.map((mode) => [mode, MODE_TARGETS[mode]])),
      recoveredPct: 100,
      failedRequests: 0,
      reprotected:
        'every round: failover plan published and applied, every app kept, none unprotected',
    },
    meetsTargets: {
      meanRecovery: allOf(modeSummaries.map((m) => m.meets.meanRecovery)),
      p99Recovery: allOf(modeSummaries.map((m) => m.meets.p99Recovery)),
      recovered: recoveredPct === 100,
      failedRequests: apps.length === 0 ? null : failedRequests === 0,
      reprotected: reprotection.everyRoundReprotected,
    },
  };
}

function summariseReprotection(rounds: readonly RoundResult[], appsPerRound: number) {
  const results = present(rounds.map((r) => r.reprotection));
  const published = present(results.map((r) => r.reprotectionMs));
  const applied = present(results.map((r) => r.reprotectedAppliedMs));
  const complete = (r: (typeof results)[number]) =>
    r.reprotectedAppliedMs !== null &&
    r.appsKept === appsPerRound &&
    r.appsProtected === appsPerRound &&
    r.unprotected.length === 0;
  return {
    roundsPublished: published.length,
    roundsApplied: applied.length,
    reprotectionMs: { mean: stat(published, mean), max: stat(published, (v) => Math.max(...v)) },
    reprotectedAppliedMs: { mean: stat(applied, mean), max: stat(applied, (v) => Math.max(...v)) },
    appsKept: results.reduce((sum, r) => sum + r.appsKept, 0),
    appsProtected: results.reduce((sum, r) => sum + r.appsProtected, 0),
    roundsWithUnprotected: results.filter((r) => r.unprotected.length > 0).length,
    problems: results.reduce((sum, r) => sum + r.problems.length, 0),
    everyRoundReprotected:
      rounds.length > 0 && results.length === rounds.length && results.every(complete),
  };
}

/**
 * What the survivors held at the end against what was declared: agents budget declared MiB,
 * so a measured session (RSS growth at its load) above the declared figure means the budget
 * under-counts. The first load in a process also carries onnxruntime's own start-up.
 */
function survivorMemory(rounds: readonly RoundResult[]) {
  const held = rounds.flatMap((r) => r.survivors.flatMap((s) => ('error' in s ? [] : [s])));
  const sessions = held.flatMap((s) => s.sessions);
  const max = (values: number[]) => (values.length === 0 ? null : Math.max(...values));
  return {
    nodeCapacityMiB: max(held.map((s) => s.capacityMiB)),
    maxDeclaredNodeMiB: max(held.map((s) => s.usedMiB)),
    maxMeasuredNodeMiB: max(held.map((s) => s.measuredMiB)),
    declaredSessionMiB: max(sessions.map((s) => s.memoryMiB)),
    maxMeasuredSessionMiB: max(sessions.map((s) => s.measuredMiB)),
    sessionsMeasuredAboveDeclared: sessions.filter((s) => s.measuredMiB > s.memoryMiB).length,
  };
}

/** The human table: one column per configuration. */
export function table(summary: readonly Summary[], header: string): string {
  const fmt = (value: number | null) => (value === null ? '—' : String(value));
  const check = (ok: boolean | null) => (ok === null ? '' : ok ? ' ✓' : ' ✗');
  const limit = (value: number | null) => (value === null ? '' : ` (≤${value})`);
  const single = (s: Summary) => {
    const modes = Object.values(s.byMode);
    return modes.length === 1 ? modes[0] : undefined;
  };
  const rows: Array<[string, ...string[]]> = [
    ['measure', ...summary.map((s) => s.configuration)],
    [
      'mean recovery ms',
      ...summary.map((s) => {
        const mode = single(s);
        return mode === undefined
          ? `${fmt(s.recoveryMs.mean)} (all apps)`
          : `${fmt(s.recoveryMs.mean)}${limit(mode.target.meanRecoveryMs)}${check(mode.meets.meanRecovery)}`;
      }),
    ],
    ['p50 recovery ms', ...summary.map((s) => fmt(s.recoveryMs.p50))],
    [
      'p99 recovery ms',
      ...summary.map((s) => {
        const mode = single(s);
        return mode === undefined
          ? `${fmt(s.recoveryMs.p99)} (all apps)`
          : `${fmt(s.recoveryMs.p99)}${limit(mode.target.p99RecoveryMs)}${check(mode.meets.p99Recovery)}`;
      }),
    ],
    ...halfRows(summary, fmt, check, limit),
    ['mean detection ms', ...summary.map((s) => fmt(s.detectionMs.mean))],
    [
      'apps recovered',
      ...summary.map(
        (s) =>
          `${s.appsRecovered}/${s.appsExpected} (${s.recoveredPct} %)${check(s.meetsTargets.recovered)}`,
      ),
    ],
    [
      'failed requests (after kill)',
      ...summary.map(
        (s) => `${s.failedRequests}/${s.requests}${check(s.meetsTargets.failedRequests)}`,
      ),
    ],
    [
      're-protection published ms mean/max',
      ...summary.map(
        (s) =>
          `${fmt(s.reprotection.reprotectionMs.mean)} / ${fmt(s.reprotection.reprotectionMs.max)}`,
      ),
    ],
    [
      're-protection applied ms mean/max',
      ...summary.map(
        (s) =>
          `${fmt(s.reprotection.reprotectedAppliedMs.mean)} / ${fmt(s.reprotection.reprotectedAppliedMs.max)}`,
      ),
    ],
    [
      'after re-plan: kept, protected',
      ...summary.map(
        (s) =>
          `${s.reprotection.appsKept}, ${s.reprotection.appsProtected} of ${s.appsExpected}${check(s.meetsTargets.reprotected)}`,
      ),
    ],
    [
      'survivor MiB measured / declared / cap',
      ...summary.map(
        ({ survivorMemory: m }) =>
          `${fmt(m.maxMeasuredNodeMiB)} / ${fmt(m.maxDeclaredNodeMiB)} / ${fmt(m.nodeCapacityMiB)}`,
      ),
    ],
    [
      'accuracy before → first → end',
      ...summary.map(
        (s) =>
          `${fmt(s.accuracy.meanBefore)} → ${fmt(s.accuracy.meanAfterFirstAnswer)} → ${fmt(s.accuracy.meanAtEnd)}`,
      ),
    ],
  ];
  const widths = (rows[0] ?? []).map((_, i) =>
    Math.max(...rows.map((row) => (row[i] ?? '').length)),
  );
  const lines = rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `\n${header}\n${lines.join('\n')}\n`;
}

/** For configurations mixing modes: each half against its own target. */
function halfRows(
  summary: readonly Summary[],
  fmt: (value: number | null) => string,
  check: (ok: boolean | null) => string,
  limit: (value: number | null) => string,
): Array<[string, ...string[]]> {
  const mixed = summary.filter((s) => Object.keys(s.byMode).length > 1);
  const modes = [...new Set(mixed.flatMap((s) => Object.keys(s.byMode)))] as UnderstudyMode[];
  return modes.map((mode) => [
    `  ${mode} half: mean / p99 ms`,
    ...summary.map((s) => {
      const half = Object.keys(s.byMode).length > 1 ? s.byMode[mode] : undefined;
      if (half === undefined) return '';
      const { recoveryMs: r, target, meets: ok } = half;
      return (
        `${fmt(r.mean)}${limit(target.meanRecoveryMs)}${check(ok.meanRecovery)} / ` +
        `${fmt(r.p99)}${limit(target.p99RecoveryMs)}${check(ok.p99Recovery)}`
      );
    }),
  ]);
}
