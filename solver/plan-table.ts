/**
 * A plan as a plain-text table for people (`understudy plan solve --format table`): one line
 * per application, then node memory, the unprotected list and the solver report.
 */
import type { Plan } from './wire.ts';

export function formatPlanTable(plan: Plan): string {
  const apps = table(
    ['app', 'primary', 'understudy', 'mode', 'recovery ms', 'accuracy kept'],
    plan.assignments.map((a) => [
      a.app,
      `${a.primary.variant}@${a.primary.node}`,
      a.understudy === null ? '-' : `${a.understudy.variant}@${a.understudy.node}`,
      a.understudy === null
        ? 'unprotected'
        : a.understudy.mode +
          (a.understudy.firstStepVariant ? ` (first ${a.understudy.firstStepVariant})` : ''),
      a.expectedRecoveryMs === null ? '-' : a.expectedRecoveryMs.toFixed(0),
      a.accuracyRetained === null || a.accuracyRetained === undefined
        ? '-'
        : `${(a.accuracyRetained * 100).toFixed(1)} %`,
    ]),
  );
  const nodes = table(
    ['node', 'capacity MiB', 'steady MiB', 'worst case MiB', 'scenarios'],
    plan.nodes.map((n) => [
      n.node,
      mib(n.capacityMiB),
      mib(n.steadyMiB),
      mib(n.worstCaseMiB),
      String(n.scenarios.length),
    ]),
  );
  const s = plan.solver;
  const lines = [
    apps,
    '',
    nodes,
    '',
    ...plan.unprotected.map((u) => `unprotected ${u.app} (${u.reason}): ${u.message}`),
    `solver: ${s.status}, objective ${s.objective.toFixed(4)}, bound ${s.bestBound.toFixed(4)} (${s.boundMethod ?? '?'}), gap ${s.gapPct.toFixed(3)} %, ${s.timeMs.toFixed(0)} ms`,
  ];
  return `${lines.join('\n')}\n`;
}

function mib(x: number): string {
  return x.toFixed(1);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
