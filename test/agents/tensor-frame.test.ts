import { describe, expect, it } from 'vitest';
import { decodeTensorFrame, encodeTensorFrame } from '../../agents/tensor-frame.ts';
import type { FrameTensor } from '../../agents/tensor-frame.ts';

describe('tensor frame', () => {
  describe('when tensors of every width are encoded', () => {
    it('decodes to the same names, types, dims and values', () => {
      const tensors: FrameTensor[] = [
        { name: 'image', type: 'float32', dims: [1, 3], data: Float32Array.from([0.5, -1, 2]) },
        { name: 'ids', type: 'int64', dims: [2], data: BigInt64Array.from([1n, -(2n ** 62n)]) },
        { name: 'mask', type: 'bool', dims: [3], data: Uint8Array.from([1, 0, 1]) },
        { name: 'wide', type: 'float64', dims: [1], data: Float64Array.from([Math.PI]) },
        { name: 'ünï', type: 'int8', dims: [0], data: new Int8Array(0) },
      ];
      const decoded = decodeTensorFrame(encodeTensorFrame(tensors));
      expect(decoded.map(({ name, type, dims }) => ({ name, type, dims }))).toEqual(
        tensors.map(({ name, type, dims }) => ({ name, type, dims })),
      );
      decoded.forEach((tensor, i) =>
        expect(Array.from(tensor.data as ArrayLike<unknown>)).toEqual(
          Array.from(tensors[i]?.data as ArrayLike<unknown>),
        ),
      );
    });

    it('keeps every data block 8-byte aligned', () => {
      const frame = encodeTensorFrame([
        { name: 'a', type: 'uint8', dims: [3], data: Uint8Array.from([1, 2, 3]) },
        { name: 'bb', type: 'float64', dims: [1], data: Float64Array.from([1]) },
      ]);
      const [, wide] = decodeTensorFrame(frame);
      expect(((wide?.data.byteOffset ?? 1) - frame.byteOffset) % 8).toBe(0);
    });
  });

  describe.each([
    {
      name: 'bytes that are not a frame',
      bytes: Buffer.from('hello world'),
      detail: 'it does not start with "USTF" (byte 0)',
    },
    {
      name: 'a frame cut short',
      bytes: encodeTensorFrame([
        { name: 'x', type: 'float32', dims: [4], data: new Float32Array(4) },
      ]).subarray(0, 30),
      detail: 'it ends before the 16 bytes that should follow (byte 24)',
    },
    {
      name: 'an unknown element type',
      bytes: (() => {
        const frame = encodeTensorFrame([
          { name: 'x', type: 'float32', dims: [1], data: new Float32Array(1) },
        ]);
        frame[8] = 99;
        return frame;
      })(),
      detail: 'element type code 99 is not one this agent takes (byte 8)',
    },
  ])('when given $name', ({ bytes, detail }) => {
    it('throws VALIDATION_FAILED pointing at the body', () => {
      expect(() => decodeTensorFrame(bytes)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          errors: [{ pointer: '/body', detail: `is not a valid tensor frame: ${detail}` }],
        }),
      );
    });
  });
});
