/**
 * A plan diff as one self-contained HTML page: inline CSS and SVG, no script, and a content
 * security policy that forbids loading anything, so it reads the same offline, attached to a
 * ticket, or printed. Every text that comes from data is escaped.
 */
import { formatMs } from '../../solver/diff/index.ts';
import type { PlanDiff } from '../../solver/diff/index.ts';
import { escapeHtml as h } from './html-escape.ts';
import { appTable, nodeTable, overviewTable, unprotectedReasons } from './report-tables.ts';
import type { ReportTable } from './report-tables.ts';
import {
  REPORT_ROW_LIMIT,
  phaseLabel,
  reportTitle,
  stepText,
  transitionText,
} from './report-text.ts';
import { CHART_BAR_LIMIT, CHART_COLOURS, accuracyChart, memoryChart } from './svg-charts.ts';
import { REPORT_STYLES } from './report-styles.ts';

export function planDiffHtml(diff: PlanDiff): string {
  const title = reportTitle(diff);
  const sections = diff.empty
    ? ['<p class="empty">The two plans are alike: nothing to change.</p>']
    : [overview(diff), memory(diff), accuracy(diff), apps(diff), transition(diff)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main>
<h1>${h(title)}</h1>
<p class="summary">${h(diff.summary)}</p>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

function overview(diff: PlanDiff): string {
  return section('overview', 'Overview', table(overviewTable(diff)));
}

function memory(diff: PlanDiff): string {
  if (diff.nodes.length === 0)
    return section('memory', 'Memory per node', '<p>No node memory changes.</p>');
  const legend = [
    swatch(CHART_COLOURS.steadyBefore, 'steady, before'),
    swatch(CHART_COLOURS.worstBefore, 'worst case, before'),
    swatch(CHART_COLOURS.steadyAfter, 'steady, after'),
    swatch(CHART_COLOURS.worstAfter, 'worst case, after'),
    swatch(CHART_COLOURS.capacity, 'capacity'),
  ].join('');
  const body = `<p class="legend">${legend}</p>${figure(memoryChart(diff.nodes), diff.nodes.length)}${table(nodeTable(diff))}`;
  return section('memory', `Memory per node (${diff.nodes.length})`, body);
}

function accuracy(diff: PlanDiff): string {
  const moving = diff.apps.filter(
    (app) => app.before !== null && app.after !== null && app.accuracyDelta !== 0,
  );
  const body =
    moving.length === 0
      ? '<p>No application gains or loses accuracy on failover.</p>'
      : `<p class="legend">${swatch(CHART_COLOURS.loss, 'loses accuracy')}${swatch(CHART_COLOURS.gain, 'gains accuracy')}</p>${figure(accuracyChart(diff.apps), moving.length)}`;
  return section('accuracy', 'Accuracy on failover, change per application', body);
}

function apps(diff: PlanDiff): string {
  if (diff.apps.length === 0)
    return section('apps', 'Applications', '<p>No application changes.</p>');
  const reasons = unprotectedReasons(diff).map(
    ({ app, reason, message }) =>
      `<li><strong>${h(app)}</strong> (${h(reason)}): ${h(message)}</li>`,
  );
  const list = reasons.length === 0 ? '' : `<h3>Newly unprotected</h3><ul>${reasons.join('')}</ul>`;
  return section('apps', `Applications (${diff.apps.length})`, table(appTable(diff)) + list);
}

function transition(diff: PlanDiff): string {
  const phases = diff.transition.phases.map((phase) => {
    const time =
      phase.estimatedMs === null || phase.estimatedMs === 0
        ? ''
        : ` <span class="time">≈ ${h(formatMs(phase.estimatedMs))}</span>`;
    const shown = phase.steps.slice(0, REPORT_ROW_LIMIT);
    const items = shown.map((step) => `<li>${h(stepText(step))}</li>`);
    if (phase.steps.length > shown.length)
      items.push(`<li>… and ${phase.steps.length - shown.length} more</li>`);
    return `<li><strong>${h(phaseLabel(phase.phase))}</strong>${time}<ul>${items.join('')}</ul></li>`;
  });
  return section(
    'transition',
    'Transition',
    `<p>${h(transitionText(diff))}</p><ol class="phases">${phases.join('')}</ol>`,
  );
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${h(title)}</h2>${body}</section>`;
}

function figure(chart: string, bars: number): string {
  const note =
    bars > CHART_BAR_LIMIT
      ? `<figcaption>The first ${CHART_BAR_LIMIT} of ${bars}; the table lists them all.</figcaption>`
      : '';
  return `<figure>${chart}${note}</figure>`;
}

function swatch(colour: string, text: string): string {
  return `<span class="swatch"><span style="background:${colour}"></span>${h(text)}</span>`;
}

function table({ head, rows, align, omitted }: ReportTable): string {
  const cls = (index: number) => (align[index] === 'r' ? ' class="num"' : '');
  const headRow = head.map((text, i) => `<th${cls(i)}>${h(text)}</th>`).join('');
  const bodyRows = rows.map(
    (row) => `<tr>${row.map((text, i) => `<td${cls(i)}>${h(text)}</td>`).join('')}</tr>`,
  );
  const more = omitted > 0 ? `<p>… and ${omitted} more; the JSON diff lists them all.</p>` : '';
  return `<table><thead><tr>${headRow}</tr></thead><tbody>${bodyRows.join('')}</tbody></table>${more}`;
}
