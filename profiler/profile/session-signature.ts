/**
 * A session's input/output signature as `TensorSpec`s, from onnxruntime's value metadata.
 * Only tensor values of the element types in `TensorElementType` are handled; anything else
 * (sequences, maps, uint16, …) is reported, since the agent could not feed or read it either.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { DomainError } from '../../core/errors.ts';
import type { TensorElementType, TensorSpec } from '../variant.ts';

const SUPPORTED_TYPES: ReadonlySet<string> = new Set<TensorElementType>([
  'float32',
  'float16',
  'float64',
  'int64',
  'int32',
  'int8',
  'uint8',
  'bool',
  'string',
]);

export interface Signature {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
}

export function sessionSignature(session: InferenceSession, modelPath: string): Signature {
  return {
    inputs: session.inputMetadata.map((m) => toTensorSpec(m, 'input', modelPath)),
    outputs: session.outputMetadata.map((m) => toTensorSpec(m, 'output', modelPath)),
  };
}

function toTensorSpec(
  metadata: InferenceSession.ValueMetadata,
  role: 'input' | 'output',
  modelPath: string,
): TensorSpec {
  if (!metadata.isTensor) {
    throw new DomainError(
      'UNSUPPORTED_TYPE',
      `${modelPath}: ${role} ${metadata.name} is not a tensor; only tensor ${role}s are supported`,
    );
  }
  if (!SUPPORTED_TYPES.has(metadata.type)) {
    throw new DomainError(
      'UNSUPPORTED_TYPE',
      `${modelPath}: ${role} ${metadata.name} has element type ${metadata.type}, which is not supported`,
    );
  }
  // An unnamed dynamic dimension comes back as ''; '?' keeps it visible in the output.
  const dims = metadata.shape.map((dim) => (dim === '' ? '?' : dim));
  return { name: metadata.name, type: metadata.type as TensorElementType, dims };
}
