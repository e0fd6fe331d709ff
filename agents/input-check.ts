/**
 * Checks one request tensor's name, type and shape against the model's input. The JSON and
 * binary forms both end here, so a client gets the same pointers and words from either.
 */
import type { FieldProblem } from '../core/errors.ts';
import { describePort } from './model-signature.ts';
import type { ModelSignature, TensorPort } from './model-signature.ts';

/** A JSON Pointer token (RFC 6901): `~` and `/` escaped. */
export function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Problems for inputs the model has that the request does not give. */
export function missingInputs(
  signature: ModelSignature,
  given: ReadonlySet<string>,
  problems: FieldProblem[],
): void {
  for (const port of signature.inputs) {
    if (!given.has(port.name)) {
      problems.push({
        pointer: `/body/inputs/${pointerToken(port.name)}`,
        detail: `is required: the model takes ${describePort(port)}`,
      });
    }
  }
}

/** The problem for a request tensor the model has no input for. */
export function unknownInput(signature: ModelSignature, name: string): FieldProblem {
  const known = signature.inputs.map((port) => port.name).join(', ');
  return {
    pointer: `/body/inputs/${pointerToken(name)}`,
    detail: `is not an input of this model; its inputs are: ${known}`,
  };
}

/**
 * Checks type and dims; returns the dims when they fit the input, undefined (with problems
 * recorded) otherwise.
 */
export function checkTensor(
  port: TensorPort,
  given: { type: unknown; dims: unknown },
  problems: FieldProblem[],
): number[] | undefined {
  const pointer = `/body/inputs/${pointerToken(port.name)}`;
  const before = problems.length;
  if (given.type !== port.type) {
    problems.push({
      pointer: `${pointer}/type`,
      detail: `must be ${port.type} (the model's type for ${port.name}), not ${JSON.stringify(given.type ?? null)}`,
    });
  }
  const dims = given.dims;
  if (!fitsShape(port, dims)) {
    problems.push({
      pointer: `${pointer}/dims`,
      detail: `must match [${port.dims.join(',')}] (a name stands for any size), not ${JSON.stringify(dims ?? null)}`,
    });
    return undefined;
  }
  return problems.length === before ? dims : undefined;
}

function fitsShape(port: TensorPort, dims: unknown): dims is number[] {
  if (!Array.isArray(dims) || dims.length !== port.dims.length) return false;
  for (let i = 0; i < dims.length; i++) {
    const dim: unknown = dims[i];
    const want = port.dims[i];
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) return false;
    if (typeof want === 'number' && dim !== want) return false;
  }
  return true;
}
