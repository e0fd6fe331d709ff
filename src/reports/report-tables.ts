/**
 * The tables both plan-diff reports show, as plain text cells; the Markdown and HTML renderers
 * only lay them out (and escape them).
 */
import {
  formatDeltaMiB,
  formatDeltaMs,
  formatMs,
  formatPercent,
  formatPoints,
} from '../../solver/diff/index.ts';
import type { PlanDiff } from '../../solver/diff/index.ts';
import {
  REPORT_ROW_LIMIT,
  accuracyText,
  beforeAfter,
  capacityText,
  changesText,
  memoryText,
  pointsText,
  primaryText,
  recoveryText,
  understudyText,
} from './report-text.ts';

export interface ReportTable {
  head: string[];
  rows: string[][];
  /** One letter per column: `l` left, `r` right (numbers). */
  align: string;
  /** Rows left out beyond {@link REPORT_ROW_LIMIT}. */
  omitted: number;
}

export function overviewTable(diff: PlanDiff): ReportTable {
  const { accuracy, recovery, protection } = diff;
  const rows = [
    [
      'protected apps',
      String(protection.protectedBefore),
      String(protection.protectedAfter),
      signed(protection.protectedAfter - protection.protectedBefore),
    ],
    [
      'unprotected apps',
      String(protection.unprotectedBefore),
      String(protection.unprotectedAfter),
      signed(protection.unprotectedAfter - protection.unprotectedBefore),
    ],
    [
      accuracy.weightsKnown ? 'accuracy on failover (weighted)' : 'accuracy on failover',
      optional(accuracy.weightedBefore, formatPercent),
      optional(accuracy.weightedAfter, formatPercent),
      optional(accuracy.delta, formatPoints),
    ],
    [
      'mean recovery (protected apps)',
      optional(recovery.meanBeforeMs, formatMs),
      optional(recovery.meanAfterMs, formatMs),
      optional(recovery.deltaMs, formatDeltaMs),
    ],
  ];
  return { head: ['', 'before', 'after', 'change'], rows, align: 'lrrr', omitted: 0 };
}

export function appTable(diff: PlanDiff): ReportTable {
  const rows = diff.apps
    .slice(0, REPORT_ROW_LIMIT)
    .map((app) => [
      app.app,
      changesText(app),
      beforeAfter(primaryText(app.before), primaryText(app.after)),
      beforeAfter(understudyText(app.before), understudyText(app.after)),
      beforeAfter(accuracyText(app.before), accuracyText(app.after)),
      pointsText(app),
      beforeAfter(recoveryText(app.before), recoveryText(app.after)),
    ]);
  return {
    head: ['app', 'change', 'primary', 'understudy', 'accuracy on failover', 'Δ', 'recovery'],
    rows,
    align: 'lllllrl',
    omitted: diff.apps.length - rows.length,
  };
}

export function nodeTable(diff: PlanDiff): ReportTable {
  const rows = diff.nodes
    .slice(0, REPORT_ROW_LIMIT)
    .map((node) => [
      node.node,
      beforeAfter(capacityText(node.before), capacityText(node.after)),
      beforeAfter(memoryText(node.before, 'steadyMiB'), memoryText(node.after, 'steadyMiB')),
      formatDeltaMiB(node.steadyDeltaMiB),
      beforeAfter(memoryText(node.before, 'worstCaseMiB'), memoryText(node.after, 'worstCaseMiB')),
      formatDeltaMiB(node.worstCaseDeltaMiB),
    ]);
  return {
    head: ['node', 'capacity', 'steady', 'Δ steady', 'worst case', 'Δ worst case'],
    rows,
    align: 'lrrrrr',
    omitted: diff.nodes.length - rows.length,
  };
}

/** Newly unprotected apps with their reason code and the sentence for operators. */
export function unprotectedReasons(
  diff: PlanDiff,
): Array<{ app: string; reason: string; message: string }> {
  return diff.apps
    .filter((app) => app.changes.includes('newly-unprotected') && app.unprotected !== undefined)
    .map((app) => ({
      app: app.app,
      reason: app.unprotected?.reason ?? '',
      message: app.unprotected?.message ?? '',
    }));
}

function optional(value: number | null, format: (value: number) => string): string {
  return value === null ? '—' : format(value);
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `-${-value}` : '±0';
}
