/**
 * Input tensors for timing runs: deterministic values of the right type and shape. Floats are
 * uniform in [0, 1); integers, booleans and strings are zero / false / empty, which is a valid
 * index for any embedding lookup and so cannot make a model fail on out-of-range input. An
 * input the operator gave values for (given-inputs.ts) is fed exactly those.
 */
import { Tensor } from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { SeededRandom } from '../seeded-random.ts';
import type { TensorElementType, TensorSpec } from '../variant.ts';
import { typedData } from './dataset-accuracy.ts';
import type { GivenInputs } from './given-inputs.ts';

export function syntheticFeeds(
  inputs: readonly TensorSpec[],
  shapes: ReadonlyMap<string, readonly number[]>,
  given: GivenInputs = new Map(),
): InferenceSession.FeedsType {
  const random = new SeededRandom('understudy-profile/feeds');
  const feeds: Record<string, Tensor> = {};
  for (const input of inputs) {
    const values = given.get(input.name);
    if (values !== undefined) {
      feeds[input.name] = new Tensor(input.type, typedData(input, values.values), [...values.dims]);
      continue;
    }
    const shape = shapes.get(input.name) ?? [];
    const count = shape.reduce((product, d) => product * d, 1);
    feeds[input.name] = new Tensor(input.type, syntheticData(input.type, count, random), shape);
  }
  return feeds;
}

type TensorData =
  | Float32Array
  | Float64Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int8Array
  | Uint8Array
  | string[];

function syntheticData(type: TensorElementType, count: number, random: SeededRandom): TensorData {
  switch (type) {
    case 'float32':
      return Float32Array.from({ length: count }, () => random.next());
    case 'float64':
      return Float64Array.from({ length: count }, () => random.next());
    case 'float16':
      return new Uint16Array(count); // IEEE half-precision bit patterns; 0 is +0.0
    case 'int64':
      return new BigInt64Array(count);
    case 'int32':
      return new Int32Array(count);
    case 'int8':
      return new Int8Array(count);
    case 'uint8':
    case 'bool':
      return new Uint8Array(count);
    case 'string':
      return Array.from({ length: count }, () => '');
  }
}
