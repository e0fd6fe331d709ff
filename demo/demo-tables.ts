/**
 * The demo's tables as plain text, at most 100 columns wide: the plan, the recovery after the
 * kill with its summary, and the fail-back.
 */
import type { components } from '../openapi/types.ts';
import type { FailBackRow, RecoveryRow, RecoverySummary } from './recovery-report.ts';

type Plan = components['schemas']['Plan'];

const INDENT = '  ';

/** Columns separated by two spaces; `right` lists the columns aligned right (numbers). */
export function textTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  right: ReadonlySet<number> = new Set(),
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    INDENT +
    cells
      .map((cell, i) =>
        right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** 0.7613 → `76.1 %`. */
export function percent(fraction: number | null): string {
  return fraction === null ? '-' : `${(fraction * 100).toFixed(1)} %`;
}

/** 43.8 → `44 ms`. */
export function ms(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(0)} ms`;
}

export function planTable(plan: Plan): string[] {
  return textTable(
    ['app', 'primary', 'understudy', 'mode', 'recovery', 'kept'],
    plan.assignments.map((a) => [
      a.app,
      `${a.primary.variant}@${a.primary.node}`,
      a.understudy === null ? '-' : `${a.understudy.variant}@${a.understudy.node}`,
      a.understudy === null
        ? 'unprotected'
        : a.understudy.firstStepVariant === undefined
          ? a.understudy.mode
          : 'progressive',
      ms(a.expectedRecoveryMs),
      percent(a.accuracyRetained ?? null),
    ]),
    new Set([4, 5]),
  );
}

/** One line per app; a progressive understudy's upgrade gets a line of its own below it. */
export function recoveryTable(rows: readonly RecoveryRow[]): string[] {
  return textTable(
    ['app', 'understudy', 'mode', 'recovery', 'accuracy before → after', 'failed'],
    rows.flatMap((row) => {
      const line = [
        row.app,
        row.firstVariant === null ? 'none' : `${row.firstVariant}@${row.understudyNode}`,
        row.mode ?? '-',
        ms(row.recoveryMs),
        `${percent(row.accuracyBefore)} → ${percent(row.accuracyAfter)}`,
        `${row.failedRequests}/${row.requests}`,
      ];
      if (row.upgradedMs === null) return [line];
      const upgrade = ['', `→ ${row.lastVariant}`, 'upgraded', ms(row.upgradedMs)];
      return [line, [...upgrade, `         → ${percent(row.accuracyAtEnd)}`, '']];
    }),
    new Set([3, 5]),
  );
}

export function summaryLines(
  summary: RecoverySummary,
  reprotection: { version: number | null; detail: string },
): string[] {
  const detection =
    summary.detectionMs === null
      ? 'not reported'
      : `${ms(summary.detectionMs)}${summary.detectionCause ? ` (${summary.detectionCause})` : ''}`;
  const replan =
    reprotection.version === null
      ? reprotection.detail
      : `v${reprotection.version} ${reprotection.detail}`;
  return [
    `${INDENT}detection            ${detection}`,
    `${INDENT}recovery             mean ${ms(summary.meanRecoveryMs)}, max ${ms(summary.maxRecoveryMs)} (kill → first answer from another node, as a client saw it)`,
    `${INDENT}apps recovered       ${summary.recoveredApps}/${summary.affectedApps}`,
    `${INDENT}failed requests      ${summary.failedRequests} of ${summary.requests} (all apps, kill → node back)`,
    `${INDENT}re-protection plan   ${replan}`,
  ];
}

export function failBackTable(rows: readonly FailBackRow[]): string[] {
  return textTable(
    ['app', 'serving now', 'planned primary', 'accuracy now / full', 'failed'],
    rows.map((row) => [
      row.app,
      row.node === null ? '-' : `${row.variant}@${row.node}`,
      row.plannedNode === null ? '-' : `${row.plannedVariant}@${row.plannedNode}`,
      `${percent(row.accuracy)} / ${percent(row.fullAccuracy)}`,
      `${row.failedRequests}/${row.requests}`,
    ]),
    new Set([4]),
  );
}
