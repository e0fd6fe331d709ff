import type { PlanDiff } from '../../solver/diff/index.ts';
import { planDiffHtml } from './plan-diff-html.ts';
import { planDiffMarkdown } from './plan-diff-markdown.ts';

/** The three renderings of a plan diff, as the CLI's `--format` names them. */
export const REPORT_FORMATS = ['json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The media type of each rendering, as the API negotiates it. */
export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json',
  md: 'text/markdown',
  html: 'text/html',
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The diff as text in the format asked for; JSON is indented for people reading it. */
export function renderPlanDiff(diff: PlanDiff, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'md':
      return planDiffMarkdown(diff);
    case 'html':
      return planDiffHtml(diff);
  }
}
