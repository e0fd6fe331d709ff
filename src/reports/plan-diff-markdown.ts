/**
 * A plan diff as Markdown (GitHub-flavoured tables), for chat and tickets. Every text that
 * comes from data is escaped, so an id or a message cannot break a table or inject markup.
 */
import { formatMs } from '../../solver/diff/index.ts';
import type { PlanDiff } from '../../solver/diff/index.ts';
import { appTable, nodeTable, overviewTable, unprotectedReasons } from './report-tables.ts';
import type { ReportTable } from './report-tables.ts';
import {
  REPORT_ROW_LIMIT,
  phaseLabel,
  reportTitle,
  stepText,
  transitionText,
} from './report-text.ts';

export function planDiffMarkdown(diff: PlanDiff): string {
  const sections = [`# ${md(reportTitle(diff))}`, md(diff.summary)];
  if (!diff.empty) {
    sections.push(table(overviewTable(diff)), apps(diff), nodes(diff), transition(diff));
  }
  return `${sections.join('\n\n')}\n`;
}

function apps(diff: PlanDiff): string {
  if (diff.apps.length === 0) return '## Applications\n\nNo application changes.';
  const reasons = unprotectedReasons(diff).map(
    ({ app, reason, message }) => `- **${md(app)}** (${md(reason)}): ${md(message)}`,
  );
  const parts = [`## Applications (${diff.apps.length})`, table(appTable(diff))];
  if (reasons.length > 0) parts.push(`Newly unprotected:\n\n${reasons.join('\n')}`);
  return parts.join('\n\n');
}

function nodes(diff: PlanDiff): string {
  if (diff.nodes.length === 0) return '## Memory per node\n\nNo node memory changes.';
  return [`## Memory per node (${diff.nodes.length})`, table(nodeTable(diff))].join('\n\n');
}

function transition(diff: PlanDiff): string {
  const phases = diff.transition.phases.map((phase, index) => {
    const time =
      phase.estimatedMs === null || phase.estimatedMs === 0
        ? ''
        : ` (≈ ${formatMs(phase.estimatedMs)})`;
    const shown = phase.steps.slice(0, REPORT_ROW_LIMIT);
    const lines = shown.map((step) => `   - ${md(stepText(step))}`);
    if (phase.steps.length > shown.length)
      lines.push(`   - … and ${phase.steps.length - shown.length} more`);
    return [`${index + 1}. **${md(phaseLabel(phase.phase))}**${time}`, ...lines].join('\n');
  });
  return ['## Transition', md(transitionText(diff)), ...phases].join('\n\n');
}

/**
 * A GFM table with padded columns, so it also reads as plain text in a chat (and is already in
 * the form Prettier gives Markdown), with a line saying how many rows were left out.
 */
function table({ head, rows, align, omitted }: ReportTable): string {
  const cells = [head, ...rows].map((row) => row.map(cell));
  const widths = head.map((_, i) => Math.max(3, ...cells.map((row) => (row[i] ?? '').length)));
  const pad = (text: string, i: number) =>
    align[i] === 'r' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const line = (row: readonly string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = widths.map((width, i) =>
    align[i] === 'r' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  );
  const [headCells = [], ...bodyCells] = cells;
  const text = [line(headCells), `| ${rule.join(' | ')} |`, ...bodyCells.map(line)].join('\n');
  return omitted > 0 ? `${text}\n\n… and ${omitted} more; the JSON diff lists them all.` : text;
}

function cell(text: string): string {
  return md(text).replaceAll('|', '\\|');
}

/** Escapes Markdown's inline syntax and folds line breaks, so data reads as plain text. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#!]/g, (char) => `\\${char}`).replace(/\s*\n\s*/g, ' ');
}
