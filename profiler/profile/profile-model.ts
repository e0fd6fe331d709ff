/**
 * `profileModel` measures an ONNX model the way the planner needs it: cold load time and the
 * memory a session adds (each in a fresh process, median of `loads`), batch-1 latency
 * percentiles and throughput after warm-up, the signature, and top-1 accuracy on a dataset.
 * It never prints; progress goes to `onProgress`, notes to the report's `warnings`.
 */
import { basename, resolve } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { provenanceFromMetadata } from '../model-metadata.ts';
import { DomainError } from '../../core/errors.ts';
import { median, round } from '../stats.ts';
import type { AccuracySource, TensorSpec, Variant } from '../variant.ts';
import { idFromFileName } from '../variant-id.ts';
import { coldLoad } from './cold-load.ts';
import type { ColdLoadSample } from './cold-load.ts';
import { readDataset, top1Accuracy } from './dataset-accuracy.ts';
import type { Sample } from './dataset-accuracy.ts';
import { readInputsPb } from './given-inputs.ts';
import type { GivenInputs, GivenTensor } from './given-inputs.ts';
import { resolveInputShapes } from './input-shapes.ts';
import type { InputShapes } from './input-shapes.ts';
import { measureLatency } from './measure-latency.ts';
import type { LatencyFigures } from './measure-latency.ts';
import { readModelFile } from './read-model-file.ts';
import type { ModelFile } from './read-model-file.ts';
import { sessionSignature } from './session-signature.ts';
import type { Signature } from './session-signature.ts';
import { syntheticFeeds } from './synthetic-feeds.ts';

export interface ProfileProgress {
  readonly phase: 'load' | 'latency' | 'accuracy';
  readonly done: number;
  readonly total: number;
}

export interface ProfileModelOptions {
  readonly modelPath: string;
  /** Concrete shapes for inputs (see `parseInputShapes`); dynamic dims not given default to 1. */
  readonly inputShapes?: InputShapes;
  /** Values for inputs whose values matter (`--input NAME=DIMS:VALUES`, given-inputs.ts). */
  readonly inputValues?: GivenInputs;
  /** A directory in the ONNX test-data layout (`input_0.pb`, …) to take input values from. */
  readonly inputsPbDir?: string;
  /** Cold loads, each in a fresh process; figures are their median. Default 5. */
  readonly loads?: number;
  /** Timed inference runs. Default 100. */
  readonly runs?: number;
  /** Untimed runs before timing. Default 10. */
  readonly warmupRuns?: number;
  /** Labelled JSON-lines dataset; when given, accuracy is measured on it. */
  readonly datasetPath?: string;
  /** Accuracy (0..1) stated by the operator, used when no dataset is given. */
  readonly suppliedAccuracy?: number;
  /** Variant id; default the zoo's variant metadata, else the file name without `.onnx`. */
  readonly variantId?: string;
  /** Time limit for one cold-load child (ms). Default 120 000. */
  readonly loadTimeoutMs?: number;
  readonly onProgress?: (progress: ProfileProgress) => void;
}

export interface ProfileReport {
  readonly variant: Variant;
  /** Notes for the operator, e.g. dynamic dimensions that were defaulted. */
  readonly warnings: readonly string[];
  readonly coldLoads: readonly ColdLoadSample[];
}

export async function profileModel(options: ProfileModelOptions): Promise<ProfileReport> {
  const path = options.modelPath;
  const file = await readModelFile(path);
  const session = await openSession(path);
  try {
    const { signature, shapes, values, feeds, samples, warnings } = await prepare(session, options);
    const concreteInputs = signature.inputs.map((input) => {
      const given = values.get(input.name);
      return {
        ...input,
        dims: [...(shapes.get(input.name) ?? [])],
        ...(given === undefined ? {} : { values: [...given.values] }),
      };
    });
    const loads = await measureColdLoads(path, concreteInputs, options);
    const latency = await measureLatency(session, feeds, {
      warmupRuns: options.warmupRuns ?? 10,
      runs: options.runs ?? 100,
      onRun: (done, total) => options.onProgress?.({ phase: 'latency', done, total }),
    });
    const provenance = provenanceFromMetadata(file.header.metadata);
    const accuracy = await accuracyFigure(session, options, samples, provenance.publishedAccuracy);
    const id = options.variantId ?? provenance.variantId ?? idFromFileName(basename(path));
    const { standIn } = provenance;
    const variant = variantFrom({ id, path, file, accuracy, standIn, loads, latency, signature });
    const notes = accuracy.accuracy === undefined ? [...warnings, UNKNOWN_ACCURACY] : warnings;
    return { variant, warnings: notes, coldLoads: loads };
  } finally {
    await session.release();
  }
}

interface Prepared {
  readonly signature: Signature;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly values: GivenInputs;
  readonly feeds: InferenceSession.FeedsType;
  readonly samples: readonly Sample[] | undefined;
  readonly warnings: readonly string[];
}

/** Everything that can reject the input, checked before the slow measurements start. */
async function prepare(session: InferenceSession, options: ProfileModelOptions): Promise<Prepared> {
  const path = options.modelPath;
  const signature = sessionSignature(session, path);
  const fromPb =
    options.inputsPbDir === undefined
      ? new Map<string, GivenTensor>()
      : await readInputsPb(options.inputsPbDir, signature.inputs);
  const values = new Map([...fromPb, ...(options.inputValues ?? new Map<string, GivenTensor>())]);
  const given = new Map(options.inputShapes ?? []);
  for (const [name, tensor] of values) given.set(name, tensor.dims);
  const { shapes, warnings } = resolveInputShapes(signature.inputs, given);
  const feeds = syntheticFeeds(signature.inputs, shapes, values);
  await runOnce(
    session,
    feeds,
    `${path}: inference fails with input ${describeShapes(shapes)}`,
    valueHint(signature.inputs, values),
  );
  const samples =
    options.datasetPath === undefined
      ? undefined
      : await readDataset({ datasetPath: options.datasetPath, inputs: signature.inputs, shapes });
  return { signature, shapes, values, feeds, samples, warnings };
}

interface Measurements {
  readonly id: string;
  readonly path: string;
  readonly file: ModelFile;
  readonly accuracy: AccuracyFigure;
  readonly standIn: boolean;
  readonly loads: readonly ColdLoadSample[];
  readonly latency: LatencyFigures;
  readonly signature: Signature;
}

/** The wire figures, rounded to what the measurement can resolve. */
function variantFrom(m: Measurements): Variant {
  const { p50, p95, p99 } = m.latency;
  return {
    id: m.id,
    location: resolve(m.path),
    sha256: m.file.sha256,
    fileBytes: m.file.fileBytes,
    ...m.accuracy,
    standIn: m.standIn,
    // The API requires memory > 0; RSS moves in pages, so a tiny model can measure 0.
    memoryMiB: Math.max(0.01, round(median(m.loads.map((s) => s.addedAfterRunBytes)) / 2 ** 20, 2)),
    loadMs: round(median(m.loads.map((s) => s.loadMs)), 2),
    latencyMs: { p50: round(p50, 3), p95: round(p95, 3), p99: round(p99, 3) },
    throughputPerSec: round(m.latency.throughputPerSec, 1),
    signature: m.signature,
  };
}

/**
 * onnxruntime logs failures to stderr itself; the profiler reports them as typed errors
 * instead, so only fatal messages (severity 4) may reach the terminal.
 */
const SESSION_OPTIONS: InferenceSession.SessionOptions = { logSeverityLevel: 4 };

const UNKNOWN_ACCURACY =
  'accuracy unknown: give --dataset FILE or --accuracy X (the API needs an accuracy to register the variant)';

async function openSession(path: string): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(path, SESSION_OPTIONS);
  } catch (error) {
    throw new DomainError(
      'MODEL_INVALID',
      `${path}: onnxruntime cannot load it: ${firstLine(error)}`,
    );
  }
}

async function runOnce(
  session: InferenceSession,
  feeds: InferenceSession.FeedsType,
  failure: string,
  hint: string,
): Promise<void> {
  try {
    await session.run(feeds);
  } catch (error) {
    throw new DomainError('RUN_FAILED', `${failure}: ${firstLine(error)}${hint}`);
  }
}

/**
 * What to try when a model fails on synthetic input and has integer inputs fed zeros: their
 * values may be a shape or sizes, which zeros are not.
 */
function valueHint(inputs: readonly TensorSpec[], values: GivenInputs): string {
  const zeroed = inputs.filter(
    (input) => (input.type === 'int64' || input.type === 'int32') && !values.has(input.name),
  );
  if (zeroed.length === 0) return '';
  const names = zeroed.map((input) => `${input.name} (${input.type})`).join(', ');
  const first = zeroed[0]?.name ?? 'NAME';
  return `; integer input ${names} was fed zeros: if it feeds a shape or sizes (Reshape, Split, Expand, Range, …), give its values with --input ${first}=DIMS:V1,V2,… or --inputs-pb DIR`;
}

/** `image=1x3x1x1, ids=1x4`: the shapes as `--input` would set them. */
function describeShapes(shapes: ReadonlyMap<string, readonly number[]>): string {
  return [...shapes].map(([name, dims]) => `${name}=${dims.join('x')}`).join(', ');
}

async function measureColdLoads(
  path: string,
  inputs: Variant['signature']['inputs'],
  options: ProfileModelOptions,
): Promise<ColdLoadSample[]> {
  const total = options.loads ?? 5;
  const samples: ColdLoadSample[] = [];
  for (let i = 0; i < total; i++) {
    samples.push(
      await coldLoad({ modelPath: path, inputs, timeoutMs: options.loadTimeoutMs ?? 120_000 }),
    );
    options.onProgress?.({ phase: 'load', done: i + 1, total });
  }
  return samples;
}

type AccuracyFigure = { accuracy?: number; accuracySource?: AccuracySource };

/** Measured beats supplied beats published (the zoo's metadata); otherwise unknown. */
async function accuracyFigure(
  session: InferenceSession,
  options: ProfileModelOptions,
  samples: readonly Sample[] | undefined,
  published: number | undefined,
): Promise<AccuracyFigure> {
  if (samples !== undefined) {
    const onSample = (done: number, total: number): void =>
      options.onProgress?.({ phase: 'accuracy', done, total });
    return { accuracy: await top1Accuracy(session, samples, onSample), accuracySource: 'measured' };
  }
  if (options.suppliedAccuracy !== undefined)
    return { accuracy: options.suppliedAccuracy, accuracySource: 'supplied' };
  if (published !== undefined) return { accuracy: published, accuracySource: 'published' };
  return {};
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim();
}
