/**
 * `understudy profile <model.onnx>`: measures a model for the planner (profiler/profile) and
 * prints the figures, as text or as the API's Variant JSON. Notes and warnings go to stderr;
 * a progress bar too, but only on a terminal and never with --json.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { formatVariantText } from '../../profiler/format-variant.ts';
import { parseGivenInputs } from '../../profiler/profile/given-inputs.ts';
import { parseInputShapes } from '../../profiler/profile/input-shapes.ts';
import { profileModel } from '../../profiler/profile/profile-model.ts';
import type { ProfileProgress } from '../../profiler/profile/profile-model.ts';
import { isDomainError } from '../../core/errors.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { ProgressBar } from '../../profiler/progress-bar.ts';
import { parseRegisterTarget } from '../../profiler/registrar.ts';
import { ApiCallError } from '../../src/client/api-client.ts';
import { createApiRegistrar } from '../../src/client/api-registrar.ts';
import type { FamilyRegistrar, RegisterTarget } from '../../profiler/registrar.ts';

interface ProfileFlags {
  readonly input: string[];
  readonly inputsPb?: string;
  readonly runs: string;
  readonly warmup: string;
  readonly loads: string;
  readonly dataset?: string;
  readonly accuracy?: string;
  readonly json?: boolean;
  readonly register?: string;
  readonly task: string;
  readonly api?: string;
  readonly token?: string;
}

export function configureProfileCommand(command: Command): void {
  command
    .argument('<model>', 'the .onnx file')
    .option(
      '--input <name=dims>',
      'shape of an input, e.g. image=1x3x224x224, or shape and values, e.g. shape=3:1,-1,10 or sizes=[2,2] (repeatable; dynamic dims default to 1)',
      collect,
      [],
    )
    .option(
      '--inputs-pb <dir>',
      'input values from a directory in the ONNX test-data layout (input_0.pb, input_1.pb, …)',
    )
    .option('--runs <n>', 'timed inference runs', '100')
    .option('--warmup <n>', 'untimed inference runs before timing', '10')
    .option('--loads <k>', 'cold loads, each in a fresh process; the median is reported', '5')
    .option('--dataset <file>', 'labelled dataset (JSON lines) to measure top-1 accuracy on')
    .option('--accuracy <x>', 'accuracy (0..1) to report when no dataset is given')
    .option('--json', "print the variant as JSON (the API's Variant schema)")
    .option(
      '--register <family/variant>',
      'upsert the figures into a model family through the REST API',
    )
    .option(
      '--task <task>',
      "the family's task, when --register creates the family (e.g. image-classification)",
      'unspecified',
    )
    .option('--api <url>', 'planner API base URL, for --register')
    .option('--token <token>', 'API token, for --register')
    .action(async (model: string, flags: ProfileFlags) => {
      try {
        await runProfile(model, flags);
      } catch (error) {
        throw toCliError(error);
      }
    });
}

async function runProfile(model: string, flags: ProfileFlags): Promise<void> {
  const settings = {
    runs: positiveInteger('--runs', flags.runs),
    warmupRuns: nonNegativeInteger('--warmup', flags.warmup),
    loads: positiveInteger('--loads', flags.loads),
  };
  const suppliedAccuracy = flags.accuracy === undefined ? undefined : accuracyValue(flags.accuracy);
  const inputShapes = parseInputShapes(flags.input);
  const inputValues = parseGivenInputs(flags.input);
  const registration = registrationFrom(flags);
  await registration?.registrar.ready();
  const bar =
    process.stderr.isTTY && flags.json !== true ? new ProgressBar(process.stderr) : undefined;
  const report = await profileModel({
    modelPath: model,
    inputShapes,
    inputValues,
    ...(flags.inputsPb === undefined ? {} : { inputsPbDir: flags.inputsPb }),
    ...settings,
    ...(flags.dataset !== undefined ? { datasetPath: flags.dataset } : {}),
    ...(suppliedAccuracy !== undefined ? { suppliedAccuracy } : {}),
    ...(registration !== undefined ? { variantId: registration.target.variantId } : {}),
    onProgress: (p: ProfileProgress) => bar?.update(p.phase, p.done, p.total),
  }).finally(() => bar?.clear());
  for (const warning of report.warnings) process.stderr.write(`understudy: warning: ${warning}\n`);
  process.stdout.write(
    flags.json === true
      ? `${JSON.stringify(report.variant, null, 2)}\n`
      : formatVariantText(report.variant, settings),
  );
  if (registration === undefined) return;
  if (report.variant.accuracy === undefined)
    throw new CliError(
      'cannot register a variant of unknown accuracy: give --dataset FILE or --accuracy X',
    );
  const { familyId, variantId } = registration.target;
  const made = await registration.registrar.putVariant(familyId, report.variant, flags.task);
  if (made === 'family')
    process.stderr.write(
      `understudy: created family ${familyId} (task ${flags.task}) with ${variantId}; its signature is this model's\n`,
    );
}

/** Validates --register/--api up front, so a bad flag fails before minutes of profiling. */
function registrationFrom(
  flags: ProfileFlags,
): { target: RegisterTarget; registrar: FamilyRegistrar } | undefined {
  if (flags.register === undefined) {
    if (flags.api !== undefined)
      throw new CliError('--api is only used with --register FAMILY/VARIANT');
    return undefined;
  }
  const target = parseRegisterTarget(flags.register);
  if (flags.api === undefined)
    throw new CliError('--register needs --api URL (the planner API to register with)');
  const registrar = createApiRegistrar({
    apiUrl: flags.api,
    ...(flags.token !== undefined ? { token: flags.token } : {}),
  });
  return { target, registrar };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1)
    throw new CliError(`${flag} must be a positive integer (got ${value})`);
  return n;
}

function nonNegativeInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw new CliError(`${flag} must be a non-negative integer (got ${value})`);
  return Number(value);
}

function accuracyValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new CliError(
      `--accuracy must be a number from 0 to 1 (got ${value}; a percentage must be divided by 100)`,
    );
  }
  return n;
}

/** Failures of the machinery rather than of the user's input exit with 1; bad input with 2. */
const INTERNAL_FAILURES: ReadonlySet<ErrorCode> = new Set(['LOAD_WORKER_FAILED']);

/** Maps the profiler's typed errors to the CLI's one-line errors; anything else is a bug. */
export function toCliError(error: unknown): unknown {
  if (error instanceof ApiCallError) return new CliError(`registering failed: ${error.message}`, 1);
  if (!isDomainError(error)) return error;
  return new CliError(error.message, INTERNAL_FAILURES.has(error.code) ? 1 : 2);
}
