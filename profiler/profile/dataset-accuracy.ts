/**
 * Top-1 accuracy over a labelled dataset in JSON lines (format in profiler/README.md): one
 * sample per line, `{"inputs": {"<input name>": [values, row-major]}, "label": <class>}`.
 * The prediction is read from the model's first output: its value when that is a single
 * integer (a model that outputs a class), else the index of its largest element (scores).
 */
import { readFile } from 'node:fs/promises';
import { Tensor } from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { DomainError } from '../../core/errors.ts';
import type { TensorSpec } from '../variant.ts';

export interface DatasetOptions {
  readonly datasetPath: string;
  readonly inputs: readonly TensorSpec[];
  readonly shapes: ReadonlyMap<string, readonly number[]>;
}

export interface Sample {
  readonly feeds: InferenceSession.FeedsType;
  readonly label: number;
}

/** Top-1 accuracy of the session over `samples` (from `readDataset`), 0..1. */
export async function top1Accuracy(
  session: InferenceSession,
  samples: readonly Sample[],
  onSample?: (done: number, total: number) => void,
): Promise<number> {
  const output = session.outputNames[0];
  if (output === undefined)
    throw new DomainError('DATASET_INVALID', 'the model has no output to read predictions from');
  let correct = 0;
  for (const [i, sample] of samples.entries()) {
    const result = await session.run(sample.feeds);
    if (predictedClass(result[output] as Tensor) === sample.label) correct++;
    onSample?.(i + 1, samples.length);
  }
  return correct / samples.length;
}

function predictedClass(tensor: Tensor): number {
  const data = tensor.data;
  if (data instanceof BigInt64Array || data instanceof Int32Array) {
    if (data.length === 1) return Number(data[0]);
  }
  if (typeof data[0] === 'string') return -1;
  let best = 0;
  for (let i = 1; i < data.length; i++) if (Number(data[i]) > Number(data[best])) best = i;
  return best;
}

/** Reads and checks the whole dataset against the model's inputs, before any measuring starts. */
export async function readDataset(options: DatasetOptions): Promise<Sample[]> {
  let text: string;
  try {
    text = await readFile(options.datasetPath, 'utf8');
  } catch {
    throw new DomainError('DATASET_NOT_FOUND', `dataset file not found: ${options.datasetPath}`);
  }
  const lines = text.split('\n');
  const samples: Sample[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== '')
      samples.push(parseSample(line, `${options.datasetPath} line ${i + 1}`, options));
  });
  if (samples.length === 0)
    throw new DomainError('DATASET_INVALID', `${options.datasetPath} holds no samples`);
  return samples;
}

function parseSample(line: string, where: string, options: DatasetOptions): Sample {
  const invalid = (why: string): DomainError =>
    new DomainError('DATASET_INVALID', `${where}: ${why}`);
  let parsed: { inputs?: unknown; label?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    throw invalid('not valid JSON');
  }
  if (!Number.isInteger(parsed.label) || (parsed.label as number) < 0)
    throw invalid('label must be a non-negative integer');
  const values = parsed.inputs;
  if (typeof values !== 'object' || values === null)
    throw invalid('inputs must be an object keyed by input name');
  const feeds: Record<string, Tensor> = {};
  for (const input of options.inputs) {
    const shape = options.shapes.get(input.name) ?? [];
    feeds[input.name] = toTensor(
      input,
      shape,
      (values as Record<string, unknown>)[input.name],
      invalid,
    );
  }
  const extra = Object.keys(values).find(
    (name) => !options.inputs.some((input) => input.name === name),
  );
  if (extra !== undefined) throw invalid(`the model has no input named ${extra}`);
  return { feeds, label: parsed.label as number };
}

function toTensor(
  input: TensorSpec,
  shape: readonly number[],
  value: unknown,
  invalid: (why: string) => DomainError,
): Tensor {
  const count = shape.reduce((product, d) => product * d, 1);
  if (!Array.isArray(value)) throw invalid(`no values for input ${input.name}`);
  if (value.length !== count)
    throw invalid(
      `input ${input.name} has ${value.length} values, the shape ${shape.join('x')} needs ${count}`,
    );
  const isString = input.type === 'string';
  if (
    !value.every((v) =>
      isString ? typeof v === 'string' : typeof v === 'number' || typeof v === 'boolean',
    )
  ) {
    throw invalid(`input ${input.name} must hold ${isString ? 'strings' : 'numbers'}`);
  }
  return new Tensor(input.type, typedData(input, value as Array<number | boolean | string>), shape);
}

/** Values as `input`'s typed array (float16 as its bit patterns, int64 as BigInt). */
export function typedData(
  input: TensorSpec,
  values: ReadonlyArray<number | boolean | string>,
): Tensor['data'] {
  const numbers = (): number[] => values.map(Number);
  switch (input.type) {
    case 'float32':
      return Float32Array.from(numbers());
    case 'float64':
      return Float64Array.from(numbers());
    case 'float16':
      return Uint16Array.from(numbers()); // half-precision bit patterns
    case 'int64':
      return BigInt64Array.from(numbers(), (n) => BigInt(Math.trunc(n)));
    case 'int32':
      return Int32Array.from(numbers());
    case 'int8':
      return Int8Array.from(numbers());
    case 'uint8':
    case 'bool':
      return Uint8Array.from(numbers());
    case 'string':
      return values.map(String);
  }
}
