import { describe, expect, it } from 'vitest';
import {
  contractProblems,
  familySignatureOf,
  renamed,
  renamingOf,
  underFamilyNames,
} from '../../core/signature-contract.ts';
import type { Signature } from '../../core/signature-contract.ts';

const FAMILY: Signature = {
  inputs: [{ name: 'data_0', type: 'float32', dims: ['N', 3, 224, 224] }],
  outputs: [{ name: 'prob', type: 'float32', dims: ['N', 1000] }],
};
const GPU: Signature = {
  inputs: [{ name: 'gpu_0/data_0', type: 'float32', dims: ['batch', 3, 224, 224] }],
  outputs: [{ name: 'fc6_1', type: 'float32', dims: ['batch', 1000] }],
};
const GPU_NAMES = { inputs: { 'gpu_0/data_0': 'data_0' }, outputs: { fc6_1: 'prob' } };

describe('contractProblems', () => {
  it('finds none for the family’s own signature, whatever its dynamic dimensions are called', () => {
    expect(contractProblems(FAMILY, FAMILY, undefined, '')).toEqual([]);
    expect(contractProblems(FAMILY, underFamilyNames(GPU, GPU_NAMES), undefined, '')).toEqual([]);
  });

  it('finds none for other names mapped onto the family’s', () => {
    expect(contractProblems(FAMILY, GPU, GPU_NAMES, '/body')).toEqual([]);
  });

  it('names each unmapped tensor, and what the family lacks', () => {
    expect(contractProblems(FAMILY, GPU, undefined, '/body')).toEqual([
      {
        pointer: '/body/signature/inputs/0/name',
        detail:
          "gpu_0/data_0 is not one of the family's inputs (data_0); map it with tensorNames.inputs",
      },
      {
        pointer: '/body/signature/inputs',
        detail: 'has no input data_0, which the family has (data_0 float32[N,3,224,224])',
      },
      {
        pointer: '/body/signature/outputs/0/name',
        detail: "fc6_1 is not one of the family's outputs (prob); map it with tensorNames.outputs",
      },
      {
        pointer: '/body/signature/outputs',
        detail: 'has no output prob, which the family has (prob float32[N,1000])',
      },
    ]);
  });

  it('accepts a dynamic dimension where the family fixes one, not the other way round', () => {
    const fixed: Signature = {
      inputs: [{ name: 'data_0', type: 'float32', dims: [1, 3, 224, 224] }],
      outputs: [{ name: 'prob', type: 'float32', dims: [1, 1000] }],
    };
    expect(contractProblems(fixed, FAMILY, undefined, '')).toEqual([]);
    expect(contractProblems(FAMILY, fixed, undefined, '').map((p) => p.pointer)).toEqual([
      '/signature/inputs/0/dims/0',
      '/signature/outputs/0/dims/0',
    ]);
  });

  it('refuses another element type or rank, once per tensor', () => {
    const wrong: Signature = {
      inputs: [{ name: 'data_0', type: 'float16', dims: ['N', 3, 224, 224] }],
      outputs: [{ name: 'prob', type: 'float32', dims: ['N', 10, 100] }],
    };
    expect(contractProblems(FAMILY, wrong, undefined, '')).toEqual([
      { pointer: '/signature/inputs/0/type', detail: "data_0 is float16; the family's is float32" },
      {
        pointer: '/signature/outputs/0/dims',
        detail: "prob has 3 dimensions [N,10,100]; the family's has 2 [N,1000]",
      },
    ]);
  });

  it('refuses a mapping from a tensor the variant lacks, or two onto one name', () => {
    const two: Signature = {
      inputs: [
        { name: 'a', type: 'float32', dims: ['N', 3, 224, 224] },
        { name: 'b', type: 'float32', dims: ['N', 3, 224, 224] },
      ],
      outputs: FAMILY.outputs,
    };
    const problems = contractProblems(
      FAMILY,
      two,
      { inputs: { a: 'data_0', b: 'data_0', 'x/y': 'data_0' } },
      '/body',
    );
    expect(problems.slice(0, 2)).toEqual([
      { pointer: '/body/tensorNames/inputs/b', detail: 'a and b are both mapped onto data_0' },
      { pointer: '/body/tensorNames/inputs/x~1y', detail: 'the variant has no input named x/y' },
    ]);
  });
});

describe('familySignatureOf', () => {
  it('is the stated one, else the first variant’s under its names', () => {
    expect(familySignatureOf({ signature: FAMILY, variants: [{ signature: GPU }] })).toBe(FAMILY);
    expect(
      familySignatureOf({ variants: [{}, { signature: GPU, tensorNames: GPU_NAMES }] }),
    ).toEqual({
      inputs: [{ ...GPU.inputs[0], name: 'data_0' }],
      outputs: [{ ...GPU.outputs[0], name: 'prob' }],
    });
    expect(familySignatureOf({ variants: [{}] })).toBeUndefined();
  });
});

describe('renaming', () => {
  it('maps family names to the session’s on the way in and back on the way out', () => {
    const renaming = renamingOf(GPU_NAMES);
    expect(renamed({ data_0: 1 }, renaming.feeds)).toEqual({ 'gpu_0/data_0': 1 });
    expect(renamed({ fc6_1: 2 }, renaming.outputs)).toEqual({ prob: 2 });
  });

  it('is empty, and leaves tensors as they are, when no name differs', () => {
    const renaming = renamingOf({ inputs: { data_0: 'data_0' } });
    expect(renaming.feeds.size + renaming.outputs.size).toBe(0);
    const feeds = { data_0: 1 };
    expect(renamed(feeds, renaming.feeds)).toBe(feeds);
  });
});
