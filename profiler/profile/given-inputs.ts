/**
 * Input values an operator gives for profiling, for inputs whose values matter — integer
 * inputs that feed a Reshape's target shape, a Split's sizes, an Expand or a Range — where the
 * profiler's synthetic values (zeros for integers) would make the model fail:
 * - `--input NAME=DIMS:V1,V2,…` (e.g. `shape=3:1,-1,10`) or `--input NAME=[V1,V2,…]` (a 1-D
 *   tensor); plain `--input NAME=DIMS` still only sets a shape;
 * - `--inputs-pb DIR`: the ONNX test-data layout (`input_0.pb`, `input_1.pb`, … each a
 *   serialized TensorProto, as in the ONNX model zoo's `test_data_set_0`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import { ProtoWalkError, readPackedVarints, walkFields } from '../onnx/proto-reader.ts';
import type { TensorElementType, TensorSpec } from '../variant.ts';

/** A tensor given in full: its shape and its values in row-major order. */
export interface GivenTensor {
  readonly dims: readonly number[];
  readonly values: ReadonlyArray<number | string>;
}

export type GivenInputs = ReadonlyMap<string, GivenTensor>;

const WITH_VALUES = /^([^=\s]+)=(?:([1-9]\d*(?:x[1-9]\d*)*):(.+)|\[(.*)\])$/;

/** The `--input` flags that carry values (the others only set shapes; see input-shapes.ts). */
export function parseGivenInputs(flags: readonly string[]): GivenInputs {
  const given = new Map<string, GivenTensor>();
  for (const flag of flags) {
    const match = WITH_VALUES.exec(flag);
    if (match === null) continue;
    const [, name, dimsText, listed, bracketed] = match as unknown as [
      string,
      string,
      string | undefined,
      string | undefined,
      string | undefined,
    ];
    const values = (listed ?? bracketed ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map((value) => (Number.isFinite(Number(value)) ? Number(value) : value));
    const dims = dimsText === undefined ? [values.length] : dimsText.split('x').map(Number);
    const count = dims.reduce((product, d) => product * d, 1);
    if (values.length !== count)
      throw new DomainError(
        'INPUT_SPEC_INVALID',
        `--input ${flag}: ${values.length} values for shape ${dims.join('x')}, which holds ${count}`,
      );
    if (given.has(name))
      throw new DomainError('INPUT_SPEC_INVALID', `--input ${flag}: input ${name} is given twice`);
    given.set(name, { dims, values });
  }
  return given;
}

/** TensorProto.DataType codes (onnx.proto) of the element types the profiler handles. */
const DATA_TYPES: ReadonlyMap<number, TensorElementType> = new Map([
  [1, 'float32'],
  [2, 'uint8'],
  [3, 'int8'],
  [6, 'int32'],
  [7, 'int64'],
  [8, 'string'],
  [9, 'bool'],
  [10, 'float16'],
  [11, 'float64'],
]);

/**
 * Reads `DIR/input_<i>.pb` for the model's inputs; a TensorProto without a name is the i-th
 * input of the model. Errors name the file and what is wrong with it.
 */
export async function readInputsPb(
  dir: string,
  inputs: readonly TensorSpec[],
): Promise<Map<string, GivenTensor>> {
  const files = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new DomainError(
      'DATASET_NOT_FOUND',
      `--inputs-pb ${dir}: cannot read it (${error.code ?? error.message})`,
    );
  });
  const numbered = files
    .map((file) => ({ file, index: /^input_(\d+)\.pb$/.exec(file)?.[1] }))
    .filter((entry): entry is { file: string; index: string } => entry.index !== undefined)
    .sort((a, b) => Number(a.index) - Number(b.index));
  if (numbered.length === 0)
    throw new DomainError(
      'DATASET_INVALID',
      `--inputs-pb ${dir}: no input_0.pb, input_1.pb, … in it`,
    );
  const given = new Map<string, GivenTensor>();
  for (const { file, index } of numbered) {
    const path = join(dir, file);
    const tensor = decodeTensorProto(await readFile(path), path);
    const name = tensor.name || inputs[Number(index)]?.name;
    const input = inputs.find((candidate) => candidate.name === name);
    if (name === undefined || input === undefined)
      throw new DomainError(
        'INPUT_UNKNOWN',
        `${path}: names ${tensor.name || `input ${index}`}, which the model does not have (inputs: ${inputs.map((i) => i.name).join(', ')})`,
      );
    if (tensor.type !== input.type)
      throw new DomainError(
        'DATASET_INVALID',
        `${path}: holds ${tensor.type} values; input ${name} is ${input.type}`,
      );
    given.set(name, { dims: tensor.dims, values: tensor.values });
  }
  return given;
}

interface DecodedTensor {
  name: string;
  type: TensorElementType;
  dims: number[];
  values: Array<number | string>;
}

/** Decodes the TensorProto fields a test-data file uses: dims, data_type, name, the data. */
export function decodeTensorProto(bytes: Uint8Array, path: string): DecodedTensor {
  const dims: number[] = [];
  let dataType: number | undefined;
  let name = '';
  let raw: Uint8Array | undefined;
  const typed: Array<number | string> = [];
  const text = new TextDecoder();
  try {
    walkFields(bytes, (field) => {
      const payload =
        field.start === undefined ? undefined : bytes.subarray(field.start, field.end);
      if (field.field === 1)
        dims.push(...(payload === undefined ? [Number(field.value)] : varints(payload)));
      else if (field.field === 2) dataType = Number(field.value);
      else if (field.field === 8 && payload !== undefined) name = text.decode(payload);
      else if (field.field === 9) raw = payload;
      else if ((field.field === 5 || field.field === 7) && payload !== undefined)
        typed.push(...varints(payload, field.field === 5));
      else if (field.field === 5 || field.field === 7) typed.push(Number(field.value));
      else if (field.field === 4 && payload !== undefined) typed.push(...floats(payload, 4));
      else if (field.field === 10 && payload !== undefined) typed.push(...floats(payload, 8));
      else if (field.field === 6 && payload !== undefined) typed.push(text.decode(payload));
    });
  } catch (error) {
    if (error instanceof ProtoWalkError)
      throw new DomainError('DATASET_INVALID', `${path}: not a TensorProto (${error.message})`);
    throw error;
  }
  const type = dataType === undefined ? undefined : DATA_TYPES.get(dataType);
  if (type === undefined)
    throw new DomainError(
      'DATASET_INVALID',
      `${path}: data type ${dataType ?? 'missing'} is not one the profiler feeds`,
    );
  const values = raw === undefined ? typed : fromRaw(raw, type, path);
  const count = dims.reduce((product, d) => product * d, 1);
  if (values.length !== count)
    throw new DomainError(
      'DATASET_INVALID',
      `${path}: ${values.length} values for shape ${dims.join('x')}, which holds ${count}`,
    );
  return { name, type, dims, values };
}

/** A packed int32/int64 payload as numbers (two's complement, as protobuf writes negatives). */
function varints(bytes: Uint8Array, signed32 = false): number[] {
  return readPackedVarints(bytes).map((value) =>
    Number(signed32 ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value)),
  );
}

function floats(bytes: Uint8Array, width: 4 | 8): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: Math.floor(bytes.byteLength / width) }, (_, i) =>
    width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true),
  );
}

function fromRaw(raw: Uint8Array, type: TensorElementType, path: string): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read: Record<Exclude<TensorElementType, 'string'>, [number, (offset: number) => number]> = {
    float32: [4, (o) => view.getFloat32(o, true)],
    float64: [8, (o) => view.getFloat64(o, true)],
    float16: [2, (o) => view.getUint16(o, true)],
    int64: [8, (o) => Number(view.getBigInt64(o, true))],
    int32: [4, (o) => view.getInt32(o, true)],
    int8: [1, (o) => view.getInt8(o)],
    uint8: [1, (o) => view.getUint8(o)],
    bool: [1, (o) => view.getUint8(o)],
  };
  if (type === 'string')
    throw new DomainError('DATASET_INVALID', `${path}: a string tensor cannot be raw_data`);
  const [width, at] = read[type];
  return Array.from({ length: Math.floor(raw.byteLength / width) }, (_, i) => at(i * width));
}
