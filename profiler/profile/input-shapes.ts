/**
 * `--input NAME=DIMS` flags (e.g. `image=1x3x224x224`) and fitting them to a model's inputs:
 * fixed dimensions must match, symbolic dimensions are bound consistently across inputs (a
 * `batch` set on one input applies to every input that declares `batch`), and dimensions left
 * dynamic default to 1 with a warning.
 */
import { DomainError } from '../../core/errors.ts';
import type { TensorSpec } from '../variant.ts';
import { parseGivenInputs } from './given-inputs.ts';

export type InputShapes = ReadonlyMap<string, readonly number[]>;

const INPUT_FLAG = /^([^=\s]+)=([1-9]\d*(?:x[1-9]\d*)*)$/;

/** Parses `--input` flag values (shapes, and the shapes of those given values); a name may appear once. */
export function parseInputShapes(flags: readonly string[]): InputShapes {
  const shapes = new Map<string, number[]>();
  for (const flag of flags) {
    const withValues = parseGivenInputs([flag]);
    const [valued] = withValues.entries();
    if (valued !== undefined) {
      const [name, tensor] = valued;
      if (shapes.has(name))
        throw new DomainError(
          'INPUT_SPEC_INVALID',
          `--input ${flag}: input ${name} is given twice`,
        );
      shapes.set(name, [...tensor.dims]);
      continue;
    }
    const match = INPUT_FLAG.exec(flag);
    if (match === null) {
      throw new DomainError(
        'INPUT_SPEC_INVALID',
        `--input ${flag}: expected NAME=DIMS with positive sizes, e.g. image=1x3x224x224, or NAME=DIMS:VALUES, e.g. shape=3:1,-1,10`,
      );
    }
    const [, name, dims] = match as unknown as [string, string, string];
    if (shapes.has(name))
      throw new DomainError('INPUT_SPEC_INVALID', `--input ${flag}: input ${name} is given twice`);
    shapes.set(name, dims.split('x').map(Number));
  }
  return shapes;
}

export interface ResolvedShapes {
  /** Concrete shape of every model input, in the model's input order. */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly warnings: readonly string[];
}

export function resolveInputShapes(
  inputs: readonly TensorSpec[],
  given: InputShapes,
): ResolvedShapes {
  for (const name of given.keys()) {
    if (!inputs.some((input) => input.name === name)) {
      const names = inputs.map((input) => input.name).join(', ');
      throw new DomainError(
        'INPUT_UNKNOWN',
        `--input ${name}: the model has no input named ${name} (inputs: ${names})`,
      );
    }
  }
  const bound = new Map<string, number>();
  for (const input of inputs) {
    const shape = given.get(input.name);
    if (shape !== undefined) bindGivenShape(input, shape, bound);
  }
  const shapes = new Map<string, readonly number[]>();
  const warnings: string[] = [];
  for (const input of inputs) {
    shapes.set(input.name, given.get(input.name) ?? defaultShape(input, bound, warnings));
  }
  return { shapes, warnings };
}

function bindGivenShape(
  input: TensorSpec,
  shape: readonly number[],
  bound: Map<string, number>,
): void {
  const flag = `--input ${input.name}=${shape.join('x')}`;
  const declared = input.dims.join('x');
  // A model that declares no dimensions at all may have an unknown rank: accept any shape.
  if (input.dims.length > 0 && input.dims.length !== shape.length) {
    throw new DomainError(
      'SHAPE_MISMATCH',
      `${flag} does not fit input ${input.name} of shape ${declared} (rank ${input.dims.length}, not ${shape.length})`,
    );
  }
  input.dims.forEach((dim, i) => {
    const size = shape[i] as number;
    if (typeof dim === 'number' && dim !== size) {
      throw new DomainError(
        'SHAPE_MISMATCH',
        `${flag} does not fit input ${input.name} of shape ${declared} (dimension ${i} must be ${dim})`,
      );
    }
    if (typeof dim === 'string' && isNamed(dim)) {
      const previous = bound.get(dim);
      if (previous !== undefined && previous !== size) {
        throw new DomainError(
          'SHAPE_MISMATCH',
          `${flag} sets dimension ${dim} to ${size}, but another --input sets it to ${previous}`,
        );
      }
      bound.set(dim, size);
    }
  });
}

function defaultShape(input: TensorSpec, bound: Map<string, number>, warnings: string[]): number[] {
  return input.dims.map((dim, i) => {
    if (typeof dim === 'number') return dim;
    if (!isNamed(dim)) {
      warnings.push(
        `dynamic dimension ${i} of input ${input.name} defaulted to 1 (set it with --input ${input.name}=DIMS)`,
      );
      return 1;
    }
    const size = bound.get(dim);
    if (size !== undefined) return size;
    warnings.push(
      `dynamic dimension ${dim} defaulted to 1 (set it with --input ${input.name}=DIMS)`,
    );
    bound.set(dim, 1);
    return 1;
  });
}

/** onnxruntime reports an unnamed dynamic dimension as '' (we report it as '?'). */
function isNamed(dim: string): boolean {
  return dim !== '' && dim !== '?';
}
