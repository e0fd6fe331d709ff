import { describe, expect, it } from 'vitest';
import { encodeTensorProto } from '../../../profiler/onnx/encode-model.ts';
import { ProtoWriter } from '../../../profiler/onnx/proto-writer.ts';
import { decodeTensorProto, parseGivenInputs } from '../../../profiler/profile/given-inputs.ts';

describe('parseGivenInputs', () => {
  it('takes NAME=DIMS:VALUES and NAME=[VALUES], and leaves plain shapes to input-shapes', () => {
    const given = parseGivenInputs(['shape=3:1,-1,10', 'sizes=[2, 2]', 'image=1x3x8x8']);
    expect([...given]).toEqual([
      ['shape', { dims: [3], values: [1, -1, 10] }],
      ['sizes', { dims: [2], values: [2, 2] }],
    ]);
  });

  it('refuses values that do not fill the shape, naming the flag', () => {
    expect(() => parseGivenInputs(['grid=2x2:1,2,3'])).toThrow(
      '--input grid=2x2:1,2,3: 3 values for shape 2x2, which holds 4',
    );
  });
});

describe('decodeTensorProto', () => {
  it('reads raw_data', () => {
    const bytes = encodeTensorProto({
      name: 'shape',
      type: 'int64',
      dims: [2],
      contents: { kind: 'bytes', bytes: new Uint8Array(new BigInt64Array([-1n, 4n]).buffer) },
    });
    expect(decodeTensorProto(bytes, 'input_0.pb')).toEqual({
      name: 'shape',
      type: 'int64',
      dims: [2],
      values: [-1, 4],
    });
  });

  it('reads packed int64_data, negative values included', () => {
    const packed = new ProtoWriter()
      .varint(3)
      .varint(2n ** 64n - 1n)
      .finish();
    const bytes = new ProtoWriter().uint(1, 2).uint(2, 7).bytes(7, packed).finish();
    expect(decodeTensorProto(bytes, 'input_0.pb')).toMatchObject({ dims: [2], values: [3, -1] });
  });

  it('says what is wrong with a file that is not a usable TensorProto', () => {
    expect(() => decodeTensorProto(new Uint8Array([0x0a, 0x05]), 'x.pb')).toThrow(
      'x.pb: not a TensorProto',
    );
    const noType = new ProtoWriter().uint(1, 1).finish();
    expect(() => decodeTensorProto(noType, 'y.pb')).toThrow(
      'y.pb: data type missing is not one the profiler feeds',
    );
  });
});
