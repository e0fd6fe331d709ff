/**
 * `understudy plan solve problem.json [--time-limit s] [--format json|table]`: validates a
 * planning problem against the spec, solves it, and prints the checked plan.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../cli-error.ts';
import { addPlanDiffCommand } from './plan-diff.ts';
import { compileProblemValidator, formatPlanTable, solvePlan } from '../../solver/index.ts';
import type { PlanningProblemInput } from '../../solver/index.ts';

const SPEC = new URL('../../openapi/understudy.yaml', import.meta.url);

interface SolveFlags {
  timeLimit?: number;
  format: string;
}

export function configurePlanCommand(plan: Command): void {
  addPlanDiffCommand(plan);
  plan
    .command('solve')
    .description(
      'Solve a planning problem (a PlanningProblem JSON document) and print the checked plan.',
    )
    .argument('<problem>', 'path to the planning problem, JSON')
    .option(
      '--time-limit <seconds>',
      "solver time budget in seconds (default: the problem's timeLimitMs)",
      parseSeconds,
    )
    .option('--format <format>', 'output format: json or table', 'json')
    .action(async (file: string, flags: SolveFlags) => {
      if (flags.format !== 'json' && flags.format !== 'table') {
        throw new CliError(`--format: must be json or table, not '${flags.format}'`);
      }
      const problem = await readProblem(file);
      const result = await solvePlan(
        problem,
        flags.timeLimit === undefined ? {} : { timeLimitMs: flags.timeLimit * 1000 },
      );
      process.stdout.write(
        flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatPlanTable(result),
      );
    });
}

async function readProblem(file: string): Promise<PlanningProblemInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const validate = compileProblemValidator(parseYaml(await readFile(SPEC, 'utf8')) as object);
  const errors = validate(document);
  if (errors.length > 0) {
    // One line per problem, each in the CLI's `understudy: ...` form, so every one is reported.
    throw new CliError(
      errors.map((e) => `${file}: ${e.pointer}: ${e.detail}`).join('\nunderstudy: '),
    );
  }
  return document as PlanningProblemInput;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(`--time-limit: must be a positive number of seconds, not '${value}'`);
  }
  return seconds;
}
