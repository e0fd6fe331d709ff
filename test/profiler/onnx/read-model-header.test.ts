import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../profiler/onnx/proto-writer.ts';
import { readModelHeader } from '../../../profiler/onnx/read-model-header.ts';
import { primerModelBytes } from '../../../profiler/profile/primer-model.ts';

function codeOf(bytes: Uint8Array): { code: string; message: string } {
  try {
    readModelHeader(bytes, 'm.onnx');
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  return { code: 'none', message: '' };
}

describe('readModelHeader', () => {
  const model = primerModelBytes();
  const cases = [
    {
      name: 'an empty file',
      given: new Uint8Array(0),
      want: { code: 'NOT_ONNX', message: 'm.onnx is not an ONNX model (the file is empty)' },
    },
    {
      name: 'a text file',
      given: new TextEncoder().encode('hello, world\n'),
      want: { code: 'NOT_ONNX', message: 'm.onnx is not an ONNX model' },
    },
    {
      name: 'a JSON file',
      given: new TextEncoder().encode('{"a": 1}'),
      want: { code: 'NOT_ONNX', message: 'm.onnx is not an ONNX model' },
    },
    {
      name: 'a model cut in half',
      given: model.subarray(0, Math.floor(model.byteLength / 2)),
      want: {
        code: 'TRUNCATED',
        message: 'm.onnx is a truncated ONNX file (it ends inside a field)',
      },
    },
    {
      name: 'a model missing its last byte',
      given: model.subarray(0, model.byteLength - 1),
      want: {
        code: 'TRUNCATED',
        message: 'm.onnx is a truncated ONNX file (it ends inside a field)',
      },
    },
    {
      name: 'a ModelProto without a graph',
      given: new ProtoWriter().uint(1, 8).finish(),
      want: { code: 'NOT_ONNX', message: 'm.onnx is not an ONNX model (no graph)' },
    },
  ];
  for (const { name, given, want } of cases) {
    describe(`when given ${name}`, () => {
      it(`reports ${want.code}`, () => {
        expect(codeOf(given)).toEqual(want);
      });
    });
  }

  describe('when given a whole model', () => {
    it('reads its IR version', () => {
      expect(readModelHeader(model, 'm.onnx').irVersion).toBe(8);
    });
  });
});
