import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeModel } from '../../../profiler/onnx/encode-model.ts';
import { GraphBuilder } from '../../../profiler/onnx/graph-builder.ts';
import { readModelHeader } from '../../../profiler/onnx/read-model-header.ts';
import { float32Bytes } from '../../../profiler/seeded-random.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

let dir: string | undefined;
beforeAll(async () => {
  dir = await makeTempDir('encode');
});
afterAll(() => removeTempDir(dir));

/** y = LeakyRelu(x·Wᵀ + b − 7, alpha 0.5) with W = [[1,2],[3,4]], b = [0.5,−1]. */
function smallModel(): Uint8Array {
  const g = new GraphBuilder('small');
  const x = g.input('x', 'float32', [1, 2]);
  const w = g.parameter('w', [2, 2], { kind: 'bytes', bytes: float32Bytes([1, 2, 3, 4]) });
  const b = g.parameter('b', [2], { kind: 'bytes', bytes: float32Bytes([0.5, -1]) });
  const seven = g.constant('seven', 'float32', [], { kind: 'bytes', bytes: float32Bytes([7]) });
  const gemm = g.op('Gemm', [x, w, b], { transB: { kind: 'int', value: 1 } });
  g.op('LeakyRelu', [g.op('Sub', [gemm, seven])], { alpha: { kind: 'float', value: 0.5 } });
  g.renameLastOutput('y');
  g.output('y', 'float32', [1, 2]);
  const graph = g.build();
  return encodeModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'test',
    graph,
    metadata: { 'a.key': 'a value' },
  });
}

describe('encodeModel', () => {
  describe('when onnxruntime loads the encoded model', () => {
    it('computes what the graph says', async () => {
      const path = join(dir as string, 'small.onnx');
      await writeFile(path, smallModel());
      const session = await InferenceSession.create(path);
      const out = await session.run({
        x: new Tensor('float32', Float32Array.from([1, 2]), [1, 2]),
      });
      // x·Wᵀ + b = [1+4+0.5, 3+8−1] = [5.5, 10]; −7 → [−1.5, 3]; LeakyRelu(0.5) → [−0.75, 3].
      expect(Array.from(out.y?.data as Float32Array)).toEqual([-0.75, 3]);
      expect(out.y?.dims).toEqual([1, 2]);
      await session.release();
    });
  });

  describe('when the header is read back', () => {
    it('finds the IR version and the metadata', () => {
      expect(readModelHeader(smallModel(), 'small.onnx')).toEqual({
        irVersion: 8,
        metadata: { 'a.key': 'a value' },
      });
    });
  });

  describe('when the same model is encoded twice', () => {
    it('yields the same bytes', () => {
      expect(Buffer.compare(smallModel(), smallModel())).toBe(0);
    });
  });
});
