/**
 * A model family's one signature — its inputs' and outputs' names, element types and shapes
 * (a dimension is a size, or a name when it is dynamic) — and whether a variant keeps it. A
 * variant whose exported tensors are named otherwise (`data_0` in one export, `gpu_0/data_0` in
 * another) declares `tensorNames`, a mapping of its own names onto the family's; agents then
 * rename requests and answers, so clients always speak the family's names whichever variant
 * answers. Checked at registration (the planner's store), before a plan is published, and by
 * the agent against the loaded session itself. Pure.
 */
import type { components } from '../openapi/types.ts';
import type { FieldProblem } from './errors.ts';

type Schemas = components['schemas'];
export type Signature = Schemas['Signature'];
export type TensorSpec = Schemas['TensorSpec'];
export type TensorNames = Schemas['TensorNames'];
export type ProbeInput = Schemas['ProbeInput'];

/** A tensor as the spec states it or as a loaded session reports it. */
export interface TensorLike {
  readonly name: string;
  readonly type: string;
  readonly dims: ReadonlyArray<number | string>;
}

export interface SignatureLike {
  readonly inputs: readonly TensorLike[];
  readonly outputs: readonly TensorLike[];
}

type Side = 'inputs' | 'outputs';
const SIDES: readonly Side[] = ['inputs', 'outputs'];

/** The variant's own name of each of the family's tensors, and back. */
export interface TensorRenaming {
  /** Family input name → the variant's. Only names that differ. */
  readonly feeds: ReadonlyMap<string, string>;
  /** The variant's output name → the family's. Only names that differ. */
  readonly outputs: ReadonlyMap<string, string>;
}

/** `signature` with its tensors under the family's names (names not mapped stay). */
export function underFamilyNames<T extends TensorLike>(
  signature: { readonly inputs: readonly T[]; readonly outputs: readonly T[] },
  names: TensorNames | undefined,
): { inputs: T[]; outputs: T[] } {
  const rename = (side: Side) =>
    signature[side].map((tensor) => ({
      ...tensor,
      name: names?.[side]?.[tensor.name] ?? tensor.name,
    }));
  return { inputs: rename('inputs'), outputs: rename('outputs') };
}

/** The renaming an agent applies for a variant with `names`; empty maps when it needs none. */
export function renamingOf(names: TensorNames | undefined): TensorRenaming {
  const differing = (map: Record<string, string> | undefined) =>
    Object.entries(map ?? {}).filter(([own, family]) => own !== family);
  return {
    feeds: new Map(differing(names?.inputs).map(([own, family]) => [family, own])),
    outputs: new Map(differing(names?.outputs)),
  };
}

/** The same tensors with the names `names` maps renamed (the rest as they are). */
export function renamed<T>(
  tensors: Record<string, T>,
  names: ReadonlyMap<string, string>,
): Record<string, T> {
  if (names.size === 0) return tensors;
  const result: Record<string, T> = {};
  for (const [name, tensor] of Object.entries(tensors)) result[names.get(name) ?? name] = tensor;
  return result;
}

/**
 * What keeps `variant` (its signature as exported, with `names` mapping it onto the family's)
 * from the family's `family` signature: every input and output of the family must be there
 * under its name, of its element type and rank; a fixed dimension must be the family's size or
 * dynamic, and a dynamic one of the family must be dynamic too (clients may send any size).
 * Pointers are under `at` (the variant: `/body/variants/2`, `/body`), to its `signature` and
 * `tensorNames`; none when it keeps the contract.
 */
export function contractProblems(
  family: SignatureLike,
  variant: SignatureLike,
  names: TensorNames | undefined,
  at: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const side of SIDES) {
    const own = new Map(variant[side].map((tensor, index) => [tensor.name, index]));
    const mapped = new Map<string, string>();
    for (const [ownName, familyName] of Object.entries(names?.[side] ?? {})) {
      const pointer = `${at}/tensorNames/${side}/${escapePointer(ownName)}`;
      if (!own.has(ownName))
        problems.push({ pointer, detail: `the variant has no ${singular(side)} named ${ownName}` });
      else if (mapped.has(familyName))
        problems.push({
          pointer,
          detail: `${mapped.get(familyName)} and ${ownName} are both mapped onto ${familyName}`,
        });
      else mapped.set(familyName, ownName);
    }
    const asFamily = underFamilyNames(variant, names)[side];
    const familyNames = new Set(family[side].map((tensor) => tensor.name));
    asFamily.forEach((tensor, index) => {
      if (!familyNames.has(tensor.name))
        problems.push({
          pointer: `${at}/signature/${side}/${index}/name`,
          detail: `${tensor.name} is not one of the family's ${side} (${list(family[side])}); map it with tensorNames.${side}`,
        });
    });
    for (const expected of family[side]) {
      const index = asFamily.findIndex((tensor) => tensor.name === expected.name);
      const tensor = asFamily[index];
      if (tensor === undefined) {
        problems.push({
          pointer: `${at}/signature/${side}`,
          detail: `has no ${singular(side)} ${expected.name}, which the family has (${describeTensor(expected)})`,
        });
        continue;
      }
      const ownName = variant[side][index]?.name ?? tensor.name;
      const label = ownName === tensor.name ? ownName : `${ownName} (as ${tensor.name})`;
      problems.push(...tensorProblems(expected, tensor, label, `${at}/signature/${side}/${index}`));
    }
  }
  return problems;
}

/**
 * What keeps a family's `probe` input from its `signature`: every input there, none other, of
 * its element type and rank, fixed dimensions its size, and as many values as the dimensions
 * hold. Pointers are under `at` (`/body/probeInput`).
 */
export function probeProblems(
  signature: SignatureLike,
  probe: ProbeInput,
  at: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const declared = new Map(signature.inputs.map((input) => [input.name, input]));
  for (const [name, tensor] of Object.entries(probe.inputs)) {
    const pointer = `${at}/inputs/${escapePointer(name)}`;
    const input = declared.get(name);
    if (input === undefined) {
      problems.push({
        pointer,
        detail: `is not an input of the family (${list(signature.inputs)})`,
      });
      continue;
    }
    if (tensor.type !== input.type)
      problems.push({
        pointer: `${pointer}/type`,
        detail: `must be ${input.type}, the family's type`,
      });
    const fits =
      tensor.dims.length === input.dims.length &&
      input.dims.every((size, k) => typeof size === 'string' || size === tensor.dims[k]);
    if (!fits)
      problems.push({
        pointer: `${pointer}/dims`,
        detail: `[${tensor.dims.join(',')}] does not fit the family's [${input.dims.join(',')}]`,
      });
    const count = tensor.dims.reduce((product, d) => product * d, 1);
    if (tensor.data.length !== count)
      problems.push({
        pointer: `${pointer}/data`,
        detail: `must hold ${count} values (the product of dims), not ${tensor.data.length}`,
      });
  }
  for (const input of signature.inputs)
    if (!(input.name in probe.inputs))
      problems.push({
        pointer: `${at}/inputs`,
        detail: `has no ${input.name}, an input of the family`,
      });
  return problems;
}

/** The family's signature, stated or taken from the first variant that has one. */
export function familySignatureOf(family: {
  signature?: Signature;
  variants: ReadonlyArray<{ signature?: Signature; tensorNames?: TensorNames }>;
}): Signature | undefined {
  if (family.signature !== undefined) return family.signature;
  const first = family.variants.find((variant) => variant.signature !== undefined);
  return first?.signature === undefined
    ? undefined
    : underFamilyNames(first.signature, first.tensorNames);
}

/** `image float32[N,3,224,224] → logits float32[N,1000]`. */
export function describeSignature(signature: SignatureLike): string {
  return `${signature.inputs.map(describeTensor).join(', ')} → ${signature.outputs.map(describeTensor).join(', ')}`;
}

/** `image float32[N,3,224,224]`. */
export function describeTensor(tensor: TensorLike): string {
  return `${tensor.name} ${tensor.type}[${tensor.dims.join(',')}]`;
}

function tensorProblems(
  expected: TensorLike,
  actual: TensorLike,
  label: string,
  at: string,
): FieldProblem[] {
  if (actual.type !== expected.type)
    return [
      {
        pointer: `${at}/type`,
        detail: `${label} is ${actual.type}; the family's is ${expected.type}`,
      },
    ];
  if (actual.dims.length !== expected.dims.length)
    return [
      {
        pointer: `${at}/dims`,
        detail: `${label} has ${actual.dims.length} dimensions [${actual.dims.join(',')}]; the family's has ${expected.dims.length} [${expected.dims.join(',')}]`,
      },
    ];
  const problems: FieldProblem[] = [];
  expected.dims.forEach((size, k) => {
    const own = actual.dims[k];
    if (typeof own === 'string' || own === size) return;
    problems.push({
      pointer: `${at}/dims/${k}`,
      detail:
        typeof size === 'string'
          ? `${label} fixes dimension ${k} to ${own}; the family's is dynamic (${size}), so clients may send any size`
          : `${label} has ${own} at dimension ${k}; the family's has ${size}`,
    });
  });
  return problems;
}

function list(tensors: readonly TensorLike[]): string {
  return tensors.map((tensor) => tensor.name).join(', ');
}

function singular(side: Side): string {
  return side === 'inputs' ? 'input' : 'output';
}

/** RFC 6901: `~` and `/` inside one reference token. */
function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
