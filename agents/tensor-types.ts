/**
 * Element types the agent feeds to and reads from onnxruntime, with the typed array each one
 * uses and its code in the binary tensor frame (ONNX `TensorProto.DataType` numbers, so other
 * ONNX tooling reads them the same way).
 */
import type { components } from '../openapi/types.ts';

export type ElementType = components['schemas']['ElementType'];

/** Element types that have a fixed width and so can travel in a tensor frame. */
export type NumericElementType = Exclude<ElementType, 'string'>;

export type NumericArray =
  Float32Array | Float64Array | Uint16Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;

interface TypedArrayClass {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): NumericArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray;
}

export interface NumericTypeInfo {
  /** ONNX TensorProto.DataType. */
  readonly code: number;
  readonly bytes: number;
  readonly array: TypedArrayClass;
}

/** float16 travels as its IEEE 754 half-precision bit patterns (what onnxruntime takes). */
export const NUMERIC_TYPES: Readonly<Record<NumericElementType, NumericTypeInfo>> = {
  float32: { code: 1, bytes: 4, array: Float32Array },
  uint8: { code: 2, bytes: 1, array: Uint8Array },
  int8: { code: 3, bytes: 1, array: Int8Array },
  int32: { code: 6, bytes: 4, array: Int32Array },
  int64: { code: 7, bytes: 8, array: BigInt64Array },
  bool: { code: 9, bytes: 1, array: Uint8Array },
  float16: { code: 10, bytes: 2, array: Uint16Array },
  float64: { code: 11, bytes: 8, array: Float64Array },
};

const BY_CODE = new Map<number, NumericElementType>(
  Object.entries(NUMERIC_TYPES).map(([type, info]) => [info.code, type as NumericElementType]),
);

export function typeOfCode(code: number): NumericElementType | undefined {
  return BY_CODE.get(code);
}

export function isNumericType(type: string): type is NumericElementType {
  return Object.hasOwn(NUMERIC_TYPES, type);
}

/** Product of the dimensions: the number of elements of a tensor of that shape. */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) count *= dim;
  return count;
}
