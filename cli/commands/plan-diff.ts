/**
 * `understudy plan diff <a> <b>`: what changes from plan A to plan B, as Markdown (default),
 * JSON or a self-contained HTML page. A and B are plan versions on the planner or plan JSON
 * files. Two versions are diffed by the planner itself; otherwise the diff is computed here,
 * with the planner's family figures when it was asked for a plan anyway.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { diffPlans } from '../../solver/diff/index.ts';
import { CliError } from '../cli-error.ts';
import { SERVE_DEFAULTS } from '../../src/config.ts';
import {
  REPORT_FORMATS,
  REPORT_MEDIA_TYPES,
  isReportFormat,
  renderPlanDiff,
} from '../../src/reports/render-plan-diff.ts';
import type { ReportFormat } from '../../src/reports/render-plan-diff.ts';
import {
  fetchText,
  loadFigures,
  loadPlan,
  parseApiUrl,
  parseOperand,
} from './plan-diff-sources.ts';

interface PlanDiffFlags {
  readonly format: string;
  readonly out?: string;
  readonly api?: string;
}

const DEFAULT_API = `http://${SERVE_DEFAULTS.host}:${SERVE_DEFAULTS.port}`;

/** Adds `diff` to the `plan` command. */
export function addPlanDiffCommand(plan: Command): void {
  plan
    .command('diff')
    .description('Show what changes between two plans, and what the change costs.')
    .argument('<a>', 'the older plan: a version on the planner, or a plan JSON file')
    .argument('<b>', 'the newer plan: a version on the planner, or a plan JSON file')
    .option('--format <format>', `${REPORT_FORMATS.join(', ')}`, 'md')
    .option('--out <file>', 'write the report to FILE instead of standard output')
    .option(
      '--api <url>',
      `planner API base URL, for plan versions (env UNDERSTUDY_API_URL, default ${DEFAULT_API})`,
    )
    .action(async (a: string, b: string, flags: PlanDiffFlags) => {
      const report = await planDiffReport(a, b, flags, process.env);
      if (flags.out === undefined) process.stdout.write(report);
      else await writeReport(flags.out, report);
    });
}

/** The report as text; every bad input is a CliError before or instead of any output. */
export async function planDiffReport(
  a: string,
  b: string,
  flags: PlanDiffFlags,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const format = formatOf(flags.format);
  const api = parseApiUrl(flags.api ?? env.UNDERSTUDY_API_URL ?? DEFAULT_API);
  const [from, to] = [parseOperand(a), parseOperand(b)];
  if (from.kind === 'version' && to.kind === 'version') {
    const path = `/v1/plans/${from.version}/diff/${to.version}`;
    const text = await fetchText(api, path, REPORT_MEDIA_TYPES[format]);
    // The API answers compact JSON; print it as the local rendering does.
    return format === 'json' ? renderPlanDiff(JSON.parse(text), 'json') : text;
  }
  const usesPlanner = from.kind === 'version' || to.kind === 'version';
  // One after the other, so when both are bad the error is always about A.
  const older = await loadPlan(from, api);
  const newer = await loadPlan(to, api);
  const figures = usesPlanner ? await loadFigures(api) : undefined;
  return renderPlanDiff(diffPlans(older, newer, figures), format);
}

function formatOf(text: string): ReportFormat {
  if (isReportFormat(text)) return text;
  throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got ${text})`);
}

async function writeReport(path: string, report: string): Promise<void> {
  try {
    await writeFile(path, report);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'failed';
    throw new CliError(`--out ${path}: cannot write the report (${code})`);
  }
}
