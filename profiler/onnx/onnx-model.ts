/**
 * A plain-data description of the ONNX subset the zoo writes: one graph of nodes over named
 * tensors, with initializers whose bytes may be produced lazily (so the zoo can size a model
 * by counting parameters before generating any weights). `encodeModel` turns it into bytes.
 */

/** Element types understudy handles, named as onnxruntime-node names them. */
export type ElementType =
  'float32' | 'float16' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool' | 'string';

/** TensorProto.DataType codes (onnx.proto, `enum DataType`). */
export const DATA_TYPE_CODE: Readonly<Record<ElementType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
};

/** A dimension: a fixed size, or a symbolic name (`dim_param`) for a dynamic one. */
export type Dim = number | string;

export interface ValueInfo {
  readonly name: string;
  readonly type: ElementType;
  readonly dims: readonly Dim[];
}

/**
 * Initializer contents. `bytes` is little-endian raw data as onnx.proto's `raw_data` requires;
 * `generate` is called once, at encoding time, and must be deterministic.
 */
export type TensorContents =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'generate'; readonly generate: () => Uint8Array };

export interface Initializer {
  readonly name: string;
  readonly type: Exclude<ElementType, 'string'>;
  readonly dims: readonly number[];
  readonly contents: TensorContents;
}

export type AttributeValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string };

export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly Initializer[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

export interface OnnxModel {
  /** ONNX IR version (onnx.proto `enum Version`); 8 is read by every onnxruntime since 1.10. */
  readonly irVersion: number;
  /** Version of the default ("ai.onnx") operator set the nodes bind to. */
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly graph: OnnxGraph;
  /** `metadata_props`: free-form key/value pairs, e.g. the stand-in marker. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Number of elements of a fixed shape (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, d) => product * d, 1);
}
