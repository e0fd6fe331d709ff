/**
 * Converts the `data` array of a JSON tensor into what onnxruntime takes, checking every
 * element in the same pass (this loop is most of the JSON form's cost, so it stays tight).
 * JSON cannot say float16; those inputs take the binary form.
 */
import type { FieldProblem } from '../core/errors.ts';
import { NUMERIC_TYPES } from './tensor-types.ts';
import type { ElementType, NumericArray } from './tensor-types.ts';

const INTEGER_RANGES: Partial<Record<ElementType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int32: [-2147483648, 2147483647],
};

export type TensorData = NumericArray | string[];

/** The data as a typed array (or strings); undefined with a problem recorded when it is not. */
export function jsonTensorData(
  type: ElementType,
  data: unknown,
  count: number,
  pointer: string,
  problems: FieldProblem[],
): TensorData | undefined {
  if (!Array.isArray(data) || data.length !== count) {
    const got = Array.isArray(data) ? `${data.length} values` : JSON.stringify(typeof data);
    problems.push({
      pointer,
      detail: `must be an array of ${count} values (the product of dims), not ${got}`,
    });
    return undefined;
  }
  const converted = convert(type, data as unknown[], count);
  if (converted === undefined) {
    problems.push({
      pointer,
      detail: `${type} tensors cannot be sent as JSON; use the binary tensor frame`,
    });
    return undefined;
  }
  if (converted.bad !== undefined) {
    problems.push({ pointer: `${pointer}/${converted.bad.index}`, detail: converted.bad.detail });
    return undefined;
  }
  return converted.out;
}

function convert(type: ElementType, items: unknown[], count: number): Converted | undefined {
  switch (type) {
    case 'float32':
    case 'float64':
      return floats(type, items, count);
    case 'int8':
    case 'uint8':
    case 'int32':
      return integers(type, items, count);
    case 'int64':
      return int64s(items, count);
    case 'bool':
      return booleans(items, count);
    case 'string': {
      const index = items.findIndex((value) => typeof value !== 'string');
      return {
        out: items as string[],
        bad: index === -1 ? undefined : { index, detail: 'must be a string' },
      };
    }
    default:
      return undefined;
  }
}

interface Converted {
  out: TensorData;
  bad?: { index: number; detail: string } | undefined;
}

function floats(type: 'float32' | 'float64', items: unknown[], count: number): Converted {
  const array = new NUMERIC_TYPES[type].array(count) as Float32Array | Float64Array;
  for (let i = 0; i < count; i++) {
    const value = items[i];
    if (typeof value !== 'number')
      return { out: array, bad: { index: i, detail: 'must be a number' } };
    array[i] = value;
  }
  return { out: array };
}

function integers(type: 'int8' | 'uint8' | 'int32', items: unknown[], count: number): Converted {
  const [min, max] = INTEGER_RANGES[type] ?? [0, 0];
  const array = new NUMERIC_TYPES[type].array(count) as Int8Array | Uint8Array | Int32Array;
  for (let i = 0; i < count; i++) {
    const value = items[i];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return { out: array, bad: { index: i, detail: `must be an integer from ${min} to ${max}` } };
    }
    array[i] = value;
  }
  return { out: array };
}

function int64s(items: unknown[], count: number): Converted {
  const array = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    const value = items[i];
    const parsed = int64Of(value);
    if (parsed === undefined) {
      const detail = 'must be a 64-bit integer (as a decimal string beyond ±2^53)';
      return { out: array, bad: { index: i, detail } };
    }
    array[i] = parsed;
  }
  return { out: array };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function int64Of(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string' || !/^-?\d{1,19}$/.test(value)) return undefined;
  const parsed = BigInt(value);
  return parsed >= INT64_MIN && parsed <= INT64_MAX ? parsed : undefined;
}

function booleans(items: unknown[], count: number): Converted {
  const array = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const value = items[i];
    if (typeof value !== 'boolean')
      return { out: array, bad: { index: i, detail: 'must be true or false' } };
    array[i] = value ? 1 : 0;
  }
  return { out: array };
}

/** JSON values for an output tensor's data: int64 as numbers when safe, else strings. */
export function jsonValues(type: string, data: unknown): unknown[] {
  if (data instanceof BigInt64Array) {
    return Array.from(data, (value) =>
      value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString(),
    );
  }
  if (type === 'bool' && data instanceof Uint8Array)
    return Array.from(data, (value) => value !== 0);
  if (Array.isArray(data)) return data;
  return Array.from(data as ArrayLike<number>);
}
