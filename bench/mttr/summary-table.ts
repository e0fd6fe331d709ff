/** The human tables on stderr: one per fault, one column per configuration, targets marked. */
import type { Fault } from './faults.ts';
import type { UnderstudyMode } from './hand-made-plan.ts';
import type { Summary } from './summary.ts';
import { BASELINE_TOLERANCE } from './targets.ts';
import type { GapTarget } from './targets.ts';

type Row = [string, ...string[]];
type ModeSummary = Summary['byMode'][string];

const fmt = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : String(Math.round(value * 10) / 10);
const check = (ok: boolean | null) => (ok === null ? '' : ok ? ' ✓' : ' ✗');
const meanLimit = (t: GapTarget) => (t.meanMs === null ? '' : ` (≤${t.meanMs})`);
const p99Limit = (t: GapTarget) =>
  [t.p99Ms === null ? '' : `≤${t.p99Ms}`, t.p99OverMean === null ? '' : `≤${t.p99OverMean}×mean`]
    .filter(Boolean)
    .map((text) => ` (${text})`)
    .join('');

/** The configuration's one mode, or undefined when it mixes modes. */
const single = (s: Summary): ModeSummary | undefined => {
  const modes = Object.values(s.byMode);
  return modes.length === 1 ? modes[0] : undefined;
};

export function faultTable(fault: Fault, summary: readonly Summary[], header: string): string {
  const gapName = fault.expectsFailover ? 'client gap' : 'longest client latency';
  const rows: Row[] = [
    ['measure', ...summary.map((s) => s.configuration)],
    [`${gapName} mean ms`, ...summary.map(meanCell)],
    [`${gapName} p50 ms`, ...summary.map((s) => fmt(s.clientGapMs.p50))],
    [`${gapName} p99 ms`, ...summary.map(p99Cell)],
    ...halfRows(summary),
    ...(summary.some((s) => Object.values(s.byMode).some((m) => m.baselineMeanMs !== null))
      ? [baselineRow(summary)]
      : []),
    ['injection ms p50 (in the gap)', ...summary.map((s) => fmt(s.injectMs.p50))],
    [
      'detection ms p50 / max',
      ...summary.map((s) => `${fmt(s.detectionMs.p50)} / ${fmt(s.detectionMs.max)}`),
    ],
    ...(fault.expectsFailover
      ? [
          [
            'apps recovered',
            ...summary.map(
              (s) => `${s.appsWithGap}/${s.appsExpected}${check(s.meetsTargets.recovered)}`,
            ),
          ] as Row,
        ]
      : [
          [
            'edge-a failed over (rounds)',
            ...summary.map(
              (s) => `${s.roundsFailedOver}/${s.rounds}${check(s.meetsTargets.noFailover)}`,
            ),
          ] as Row,
        ]),
    [
      'failed requests, fault→restore',
      ...summary.map(
        (s) => `${s.failedRequests}/${s.requests}${check(s.meetsTargets.failedRequests)}`,
      ),
    ],
    ['failed requests after restore', ...summary.map((s) => String(s.failedAfterRestore))],
    [
      'false failovers',
      ...summary.map((s) => `${s.falseFailovers}${check(s.meetsTargets.falseFailovers)}`),
    ],
    ...(fault.expectsFailover
      ? [
          [
            're-protection applied ms p50',
            ...summary.map(
              (s) =>
                `${fmt(s.reprotection.reprotectedAppliedMs.p50)}${check(s.meetsTargets.reprotected)}`,
            ),
          ] as Row,
        ]
      : []),
    [
      're-admitted / failed back ms p50',
      ...summary.map(({ restoration: r }) =>
        r.roundsRestored === 0
          ? '—'
          : `${fmt(r.readmittedMs.p50)} / ${fmt(r.failBackAppliedMs.p50)} ` +
            `(${r.roundsFailedBack}/${r.roundsRestored})`,
      ),
    ],
    [
      'accuracy before → first → end',
      ...summary.map(
        ({ accuracy: a }) =>
          `${fmt(a.meanBefore)} → ${fmt(a.meanAfterFirstAnswer)} → ${fmt(a.meanAtEnd)}`,
      ),
    ],
    ...(summary.some((s) => s.roundErrors.length > 0)
      ? [['round errors', ...summary.map((s) => String(s.roundErrors.length))] as Row]
      : []),
  ];
  return `\n${header}\n${layout(rows)}\n`;
}

function meanCell(s: Summary): string {
  const mode = single(s);
  if (mode === undefined) return `${fmt(s.clientGapMs.mean)} (all apps)`;
  return `${fmt(s.clientGapMs.mean)}${meanLimit(mode.target)}${check(mode.meets.meanGap)}`;
}

function p99Cell(s: Summary): string {
  const mode = single(s);
  if (mode === undefined) return `${fmt(s.clientGapMs.p99)} (all apps)`;
  return `${fmt(s.clientGapMs.p99)}${p99Limit(mode.target)}${check(mode.meets.p99Gap)}`;
}

function baselineRow(summary: readonly Summary[]): Row {
  const pct = Math.round(BASELINE_TOLERANCE * 100);
  return [
    `mean vs baseline (≤ +${pct} %)`,
    ...summary.map((s) =>
      Object.entries(s.byMode)
        .filter(([, m]) => m.baselineMeanMs !== null)
        .map(
          ([mode, m]) =>
            `${Object.keys(s.byMode).length > 1 ? `${mode} ` : ''}` +
            `${fmt(m.clientGapMs.mean)} vs ${fmt(m.baselineMeanMs)}${check(m.meets.versusBaseline)}`,
        )
        .join(', '),
    ),
  ];
}

/** For configurations mixing modes: each half against its own target. */
function halfRows(summary: readonly Summary[]): Row[] {
  const mixed = summary.filter((s) => Object.keys(s.byMode).length > 1);
  const modes = [...new Set(mixed.flatMap((s) => Object.keys(s.byMode)))] as UnderstudyMode[];
  return modes.map((mode) => [
    `  ${mode} half: mean / p99 ms`,
    ...summary.map((s) => {
      const half = Object.keys(s.byMode).length > 1 ? s.byMode[mode] : undefined;
      if (half === undefined) return '';
      const { clientGapMs: g, target, meets } = half;
      return (
        `${fmt(g.mean)}${meanLimit(target)}${check(meets.meanGap)} / ` +
        `${fmt(g.p99)}${p99Limit(target)}${check(meets.p99Gap)}`
      );
    }),
  ]);
}

function layout(rows: readonly Row[]): string {
  const widths = (rows[0] ?? []).map((_, i) =>
    Math.max(...rows.map((row) => (row[i] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
