/**
 * A loaded model's inputs and outputs as the inference server checks requests against them.
 * Built once per session at load, so the hot path only does map lookups.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { DomainError } from '../core/errors.ts';
import {
  contractProblems,
  describeSignature,
  underFamilyNames,
} from '../core/signature-contract.ts';
import type { Signature, TensorLike, TensorNames } from '../core/signature-contract.ts';
import type { ElementType } from './tensor-types.ts';

const ELEMENT_TYPES: ReadonlySet<string> = new Set<ElementType>([
  'float32',
  'float16',
  'float64',
  'int8',
  'uint8',
  'int32',
  'int64',
  'bool',
  'string',
]);

/** One input or output: a dimension is a size, or a name when it is dynamic. */
export interface TensorPort extends TensorLike {
  readonly type: ElementType;
}

export interface ModelSignature {
  readonly inputs: readonly TensorPort[];
  readonly outputs: readonly TensorPort[];
  readonly inputsByName: ReadonlyMap<string, TensorPort>;
}

/** Reads the signature; a model with inputs or outputs the agent cannot carry is MODEL_INVALID. */
export function signatureOf(session: InferenceSession, label: string): ModelSignature {
  const inputs = session.inputMetadata.map((m) => toPort(m, 'input', label));
  const outputs = session.outputMetadata.map((m) => toPort(m, 'output', label));
  return { inputs, outputs, inputsByName: new Map(inputs.map((port) => [port.name, port])) };
}

/**
 * Refuses a session whose own signature, under `names`, is not the family's `contract`
 * (SIGNATURE_MISMATCH, each problem with its pointer into the session's signature).
 */
export function assertKeepsContract(
  own: ModelSignature,
  contract: Signature,
  names: TensorNames | undefined,
  label: string,
): void {
  const problems = contractProblems(contract, own, names, '');
  if (problems.length === 0) return;
  throw new DomainError(
    'SIGNATURE_MISMATCH',
    `${label}: the model is ${describeSignature(own)}, not its family's ${describeSignature(contract)}: ${problems.map((problem) => problem.detail).join('; ')}`,
    problems,
  );
}

/** The signature clients see: the session's own, its tensors under the family's names. */
export function underFamilyNamesOf(
  own: ModelSignature,
  names: TensorNames | undefined,
): ModelSignature {
  if (names === undefined) return own;
  const { inputs, outputs } = underFamilyNames(own, names);
  return { inputs, outputs, inputsByName: new Map(inputs.map((port) => [port.name, port])) };
}

/** `image float32[1,3,32,32]`, dynamic dimensions by name. */
export function describePort(port: TensorPort): string {
  return `${port.name} ${port.type}[${port.dims.join(',')}]`;
}

function toPort(
  metadata: InferenceSession.ValueMetadata,
  role: 'input' | 'output',
  label: string,
): TensorPort {
  if (!metadata.isTensor || !ELEMENT_TYPES.has(metadata.type)) {
    const what = metadata.isTensor ? `element type ${metadata.type}` : 'a non-tensor type';
    throw new DomainError(
      'MODEL_INVALID',
      `${label}: ${role} ${metadata.name} has ${what}, which the agent cannot serve`,
    );
  }
  const dims = metadata.shape.map((dim) => (dim === '' ? '?' : dim));
  return { name: metadata.name, type: metadata.type as ElementType, dims };
}
