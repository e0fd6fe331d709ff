import { describe, expect, it } from 'vitest';
import { parseInputShapes, resolveInputShapes } from '../../../profiler/profile/input-shapes.ts';
import type { TensorSpec } from '../../../profiler/variant.ts';

const failure = (run: () => unknown): { code: string; message: string } | undefined => {
  try {
    run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  return undefined;
};

const ids: TensorSpec = { name: 'ids', type: 'int64', dims: ['batch', 4] };
const mask: TensorSpec = { name: 'mask', type: 'bool', dims: ['batch', 4] };
const image: TensorSpec = { name: 'image', type: 'float32', dims: [1, 3, 32, 32] };
const anonymous: TensorSpec = { name: 'x', type: 'float32', dims: ['?', 8] };

describe('parseInputShapes', () => {
  describe('when the flags are well formed', () => {
    it('maps each name to its dimensions', () => {
      expect(parseInputShapes(['image=1x3x224x224', 'ids=2x4'])).toEqual(
        new Map([
          ['image', [1, 3, 224, 224]],
          ['ids', [2, 4]],
        ]),
      );
    });
  });

  describe('when a flag is malformed', () => {
    const cases = [
      {
        name: 'no dims',
        given: 'image',
        want: '--input image: expected NAME=DIMS with positive sizes, e.g. image=1x3x224x224, or NAME=DIMS:VALUES, e.g. shape=3:1,-1,10',
      },
      {
        name: 'a zero size',
        given: 'image=1x0',
        want: '--input image=1x0: expected NAME=DIMS with positive sizes, e.g. image=1x3x224x224, or NAME=DIMS:VALUES, e.g. shape=3:1,-1,10',
      },
      {
        name: 'letters',
        given: 'image=axb',
        want: '--input image=axb: expected NAME=DIMS with positive sizes, e.g. image=1x3x224x224, or NAME=DIMS:VALUES, e.g. shape=3:1,-1,10',
      },
    ];
    for (const { name, given, want } of cases) {
      it(`rejects ${name}`, () => {
        expect(failure(() => parseInputShapes([given]))).toEqual({
          code: 'INPUT_SPEC_INVALID',
          message: want,
        });
      });
    }
    it('rejects a name given twice', () => {
      expect(failure(() => parseInputShapes(['a=1', 'a=2']))?.message).toBe(
        '--input a=2: input a is given twice',
      );
    });
  });
});

describe('resolveInputShapes', () => {
  describe('when every dimension is fixed', () => {
    it('keeps the declared shape and warns of nothing', () => {
      expect(resolveInputShapes([image], new Map())).toEqual({
        shapes: new Map([['image', [1, 3, 32, 32]]]),
        warnings: [],
      });
    });
  });

  describe('when a named dynamic dimension is not given', () => {
    it('defaults it to 1 once for every input that shares it, and says so', () => {
      expect(resolveInputShapes([ids, mask], new Map())).toEqual({
        shapes: new Map([
          ['ids', [1, 4]],
          ['mask', [1, 4]],
        ]),
        warnings: ['dynamic dimension batch defaulted to 1 (set it with --input ids=DIMS)'],
      });
    });
  });

  describe('when one input sets a shared dimension', () => {
    it('applies it to the other inputs too', () => {
      expect(
        resolveInputShapes([ids, mask], new Map([['ids', [3, 4]]])).shapes.get('mask'),
      ).toEqual([3, 4]);
    });
  });

  describe('when an unnamed dynamic dimension is not given', () => {
    it('defaults it to 1 and names its position', () => {
      expect(resolveInputShapes([anonymous], new Map()).warnings).toEqual([
        'dynamic dimension 0 of input x defaulted to 1 (set it with --input x=DIMS)',
      ]);
    });
  });

  describe('when the given shapes do not fit', () => {
    const cases = [
      {
        name: 'a fixed dimension differs',
        given: new Map([['image', [1, 3, 64, 64]]]),
        inputs: [image],
        want: {
          code: 'SHAPE_MISMATCH',
          message:
            '--input image=1x3x64x64 does not fit input image of shape 1x3x32x32 (dimension 2 must be 32)',
        },
      },
      {
        name: 'the rank differs',
        given: new Map([['image', [3, 32, 32]]]),
        inputs: [image],
        want: {
          code: 'SHAPE_MISMATCH',
          message:
            '--input image=3x32x32 does not fit input image of shape 1x3x32x32 (rank 4, not 3)',
        },
      },
      {
        name: 'two inputs disagree on a shared dimension',
        given: new Map([
          ['ids', [1, 4]],
          ['mask', [2, 4]],
        ]),
        inputs: [ids, mask],
        want: {
          code: 'SHAPE_MISMATCH',
          message: '--input mask=2x4 sets dimension batch to 2, but another --input sets it to 1',
        },
      },
      {
        name: 'the input does not exist',
        given: new Map([['label', [1]]]),
        inputs: [ids, mask],
        want: {
          code: 'INPUT_UNKNOWN',
          message: '--input label: the model has no input named label (inputs: ids, mask)',
        },
      },
    ];
    for (const { name, given, inputs, want } of cases) {
      it(`rejects them when ${name}`, () => {
        expect(failure(() => resolveInputShapes(inputs, given))).toEqual(want);
      });
    }
  });
});
