/**
 * The two inline SVG charts of the HTML plan-diff report: memory per node before and after,
 * and the accuracy-on-failover change per application. Plain SVG rectangles on whole pixels,
 * so they print crisply and need no script, font or network.
 */
import { formatMiB, formatPoints } from '../../solver/diff/index.ts';
import type { PlanDiffApp, PlanDiffNode, PlanDiffNodeMemory } from '../../solver/diff/index.ts';
import { escapeHtml } from './html-escape.ts';

/** Charts draw at most this many bars; the tables list the rest. */
export const CHART_BAR_LIMIT = 60;

/** Colours, also named by the page's legend and found again by the screenshot test. */
export const CHART_COLOURS = {
  steadyBefore: '#8a96a3',
  worstBefore: '#d5dbe1',
  steadyAfter: '#2f6fde',
  worstAfter: '#b9cff5',
  capacity: '#1f2328',
  loss: '#c0392b',
  gain: '#2e8b57',
} as const;

const WIDTH = 760;
const LABEL_WIDTH = 120;
const VALUE_WIDTH = 170;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const BAR_HEIGHT = 14;

/** Two bars per node (before, after): steady memory solid, worst case pale behind it. */
export function memoryChart(nodes: readonly PlanDiffNode[]): string {
  const shown = nodes.slice(0, CHART_BAR_LIMIT);
  const maxMiB = Math.max(
    1,
    ...shown.flatMap((node) => [scaleOf(node.before), scaleOf(node.after)]),
  );
  const groupHeight = 2 * BAR_HEIGHT + 18;
  const top = 8;
  const body = shown.map((node, index) => {
    const y = top + index * groupHeight;
    return [
      label(node.node, y + BAR_HEIGHT + 4),
      memoryBar(node.before, y, maxMiB, 'before'),
      memoryBar(node.after, y + BAR_HEIGHT + 2, maxMiB, 'after'),
    ].join('');
  });
  const height = top + shown.length * groupHeight;
  return svg('memory', 'Memory per node, before and after', height, body.join(''));
}

/** One bar per app that gains or loses accuracy on failover, losses left, gains right. */
export function accuracyChart(apps: readonly PlanDiffApp[]): string {
  const shown = apps
    .filter((app) => app.before !== null && app.after !== null && app.accuracyDelta !== 0)
    .sort((a, b) => a.accuracyDelta - b.accuracyDelta || (a.app < b.app ? -1 : 1))
    .slice(0, CHART_BAR_LIMIT);
  // At least ±1 pt of scale, so a tiny change does not fill the chart.
  const maxDelta = Math.max(0.01, ...shown.map((app) => Math.abs(app.accuracyDelta)));
  const zeroX = LABEL_WIDTH + PLOT_WIDTH / 2;
  const rowHeight = BAR_HEIGHT + 6;
  const body = shown.map((app, index) => {
    const y = 8 + index * rowHeight;
    const length = Math.max(
      1,
      Math.round((Math.abs(app.accuracyDelta) / maxDelta) * (PLOT_WIDTH / 2)),
    );
    const x = app.accuracyDelta < 0 ? zeroX - length : zeroX;
    const colour = app.accuracyDelta < 0 ? CHART_COLOURS.loss : CHART_COLOURS.gain;
    const text = `${app.app}: ${formatPoints(app.accuracyDelta)}`;
    return (
      label(app.app, y + BAR_HEIGHT - 3) +
      rect(x, y, length, BAR_HEIGHT, colour, text) +
      value(formatPoints(app.accuracyDelta), y + BAR_HEIGHT - 3)
    );
  });
  const height = 16 + shown.length * rowHeight;
  const axis = `<line x1="${zeroX}" y1="0" x2="${zeroX}" y2="${height}" stroke="${CHART_COLOURS.capacity}" stroke-width="1"/>`;
  return svg(
    'accuracy',
    'Accuracy on failover, change per application',
    height,
    axis + body.join(''),
  );
}

function memoryBar(
  memory: PlanDiffNodeMemory | null,
  y: number,
  maxMiB: number,
  side: 'before' | 'after',
): string {
  if (memory === null) return value(`${side}: not in plan`, y + BAR_HEIGHT - 3);
  const px = (mib: number) => Math.round((mib / maxMiB) * PLOT_WIDTH);
  const steady = side === 'before' ? CHART_COLOURS.steadyBefore : CHART_COLOURS.steadyAfter;
  const worst = side === 'before' ? CHART_COLOURS.worstBefore : CHART_COLOURS.worstAfter;
  const capacityX = LABEL_WIDTH + px(memory.capacityMiB);
  return (
    rect(
      LABEL_WIDTH,
      y,
      px(memory.worstCaseMiB),
      BAR_HEIGHT,
      worst,
      `${side}: worst case ${formatMiB(memory.worstCaseMiB)}`,
    ) +
    rect(
      LABEL_WIDTH,
      y,
      px(memory.steadyMiB),
      BAR_HEIGHT,
      steady,
      `${side}: steady ${formatMiB(memory.steadyMiB)}`,
    ) +
    `<line x1="${capacityX}" y1="${y - 1}" x2="${capacityX}" y2="${y + BAR_HEIGHT + 1}" stroke="${CHART_COLOURS.capacity}" stroke-width="2"><title>${escapeHtml(`${side}: capacity ${formatMiB(memory.capacityMiB)}`)}</title></line>` +
    value(
      `${side}: ${formatMiB(memory.steadyMiB)} / ${formatMiB(memory.worstCaseMiB)}`,
      y + BAR_HEIGHT - 3,
    )
  );
}

/** The largest figure a node's bar must fit: its capacity or its worst case. */
function scaleOf(memory: PlanDiffNodeMemory | null): number {
  return memory === null ? 0 : Math.max(memory.capacityMiB, memory.worstCaseMiB);
}

function svg(name: string, title: string, height: number, body: string): string {
  const id = `chart-${name}-title`;
  return (
    `<svg class="chart" data-chart="${name}" role="img" aria-labelledby="${id}" xmlns="http://www.w3.org/2000/svg" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">` +
    `<title id="${id}">${escapeHtml(title)}</title>${body}</svg>`
  );
}

function rect(
  x: number,
  y: number,
  width: number,
  height: number,
  fill: string,
  title: string,
): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${fill}"><title>${escapeHtml(title)}</title></rect>`;
}

function label(text: string, y: number): string {
  return `<text x="${LABEL_WIDTH - 8}" y="${y}" text-anchor="end">${escapeHtml(text)}</text>`;
}

function value(text: string, y: number): string {
  return `<text x="${WIDTH - VALUE_WIDTH + 8}" y="${y}" class="value">${escapeHtml(text)}</text>`;
}
