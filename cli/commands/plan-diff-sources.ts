/**
 * Where `understudy plan diff` gets its plans: a version on the planner's REST API, or a plan
 * JSON file. Every failure becomes a one-line CliError: exit 2 for bad input, 1 when the
 * planner cannot be reached.
 */
import { readFile } from 'node:fs/promises';
import type { components } from '../../openapi/types.ts';
import type { DiffFigures } from '../../solver/diff/index.ts';
import { CliError } from '../cli-error.ts';

type Schemas = components['schemas'];

/** A plan named on the command line: a positive integer is a version, anything else a file. */
export type PlanOperand = { kind: 'version'; version: number } | { kind: 'file'; path: string };

export function parseOperand(text: string): PlanOperand {
  if (/^[1-9]\d*$/.test(text)) return { kind: 'version', version: Number(text) };
  return { kind: 'file', path: text };
}

/** Checks `--api` once, before any request. */
export function parseApiUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--api ${text}: not a URL (expected e.g. http://127.0.0.1:7070)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`--api ${text}: only http and https URLs are supported`);
  return url;
}

export async function loadPlan(operand: PlanOperand, api: URL): Promise<Schemas['Plan']> {
  if (operand.kind === 'version') {
    return JSON.parse(await fetchText(api, `/v1/plans/${operand.version}`, 'application/json'));
  }
  let text: string;
  try {
    text = await readFile(operand.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliError(
      `${operand.path}: cannot read the plan file (${code}); give a version or a file`,
    );
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    throw new CliError(
      `${operand.path}: not JSON; expected a plan as GET /v1/plans/{version} returns it`,
    );
  }
  if (!isPlan(plan))
    throw new CliError(
      `${operand.path}: not a plan (needs version, assignments, nodes and unprotected)`,
    );
  return plan;
}

/** The families and apps the planner knows, for load-time estimates and app weights. */
export async function loadFigures(api: URL): Promise<DiffFigures> {
  const [families, apps] = await Promise.all([
    fetchText(api, '/v1/families', 'application/json'),
    fetchText(api, '/v1/apps', 'application/json'),
  ]);
  return {
    families: (JSON.parse(families) as Schemas['FamilyList']).items,
    apps: (JSON.parse(apps) as Schemas['AppList']).items,
  };
}

/** GETs a path of the planner API; a problem reply becomes its `detail`, on one line. */
export async function fetchText(api: URL, path: string, accept: string): Promise<string> {
  const url = new URL(path.replace(/^\//, ''), api.href.endsWith('/') ? api : `${api.href}/`);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(
      `cannot reach the planner at ${api.origin} (${cause}); is it running? (--api URL)`,
      1,
    );
  }
  const text = await response.text();
  if (response.ok) return text;
  throw new CliError(
    `the planner at ${api.origin} answered ${response.status}: ${problemDetail(text)}`,
  );
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    return String(problem.detail ?? problem.title ?? text);
  } catch {
    return text.slice(0, 200);
  }
}

function isPlan(value: unknown): value is Schemas['Plan'] {
  if (typeof value !== 'object' || value === null) return false;
  const plan = value as Record<string, unknown>;
  return (
    typeof plan.version === 'number' &&
    Array.isArray(plan.assignments) &&
    Array.isArray(plan.nodes) &&
    Array.isArray(plan.unprotected)
  );
}
