/**
 * Small generated models for the cases the zoo does not cover: several inputs and outputs of
 * non-float types with a dynamic batch dimension, a model whose dynamic spatial size makes it
 * fail at the default of 1, a well-formed file whose graph onnxruntime rejects, one whose
 * integer input is a shape, and one linear map exported under any tensor names (as the
 * `data_0` and `gpu_0/data_0` exports of one classifier are).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeModel } from '../../../profiler/onnx/encode-model.ts';
import { GraphBuilder } from '../../../profiler/onnx/graph-builder.ts';
import type { OnnxGraph } from '../../../profiler/onnx/onnx-model.ts';
import { float32Bytes } from '../../../profiler/seeded-random.ts';

async function write(dir: string, fileName: string, graph: OnnxGraph): Promise<string> {
  const path = join(dir, fileName);
  await writeFile(
    path,
    encodeModel({ irVersion: 8, opsetVersion: 17, producerName: 'test', graph, metadata: {} }),
  );
  return path;
}

/**
 * ids: int64[batch,4], mask: bool[batch,4], gain: float32[batch,1] →
 * scores: float32[batch,3] = ((ids · mask) · gain) Wᵀ, best: int64[batch] = argmax(scores).
 */
export function writeMultiIoModel(dir: string): Promise<string> {
  const g = new GraphBuilder('multi-io');
  const ids = g.input('ids', 'int64', ['batch', 4]);
  const mask = g.input('mask', 'bool', ['batch', 4]);
  const gain = g.input('gain', 'float32', ['batch', 1]);
  const toFloat = { to: { kind: 'int', value: 1 } } as const; // TensorProto.FLOAT
  const masked = g.op('Mul', [g.op('Cast', [ids], toFloat), g.op('Cast', [mask], toFloat)]);
  const w = g.parameter('w', [3, 4], {
    kind: 'bytes',
    bytes: float32Bytes([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]),
  });
  g.op('Gemm', [g.op('Mul', [masked, gain]), w], { transB: { kind: 'int', value: 1 } });
  const scores = g.renameLastOutput('scores');
  g.op('ArgMax', [scores], {
    axis: { kind: 'int', value: 1 },
    keepdims: { kind: 'int', value: 0 },
  });
  g.renameLastOutput('best');
  g.output('scores', 'float32', ['batch', 3]);
  g.output('best', 'int64', ['batch']);
  return write(dir, 'multi-io.onnx', g.build());
}

/** image: float32[1,3,h,w] through an unpadded 3×3 convolution: h = w = 1 cannot run. */
export function writeDynamicImageModel(dir: string): Promise<string> {
  const g = new GraphBuilder('dynamic-image');
  const image = g.input('image', 'float32', [1, 3, 'h', 'w']);
  const w = g.parameter('w', [2, 3, 3, 3], {
    kind: 'bytes',
    bytes: float32Bytes(Array.from({ length: 54 }, () => 0.1)),
  });
  g.op('Flatten', [
    g.op('GlobalAveragePool', [
      g.op('Conv', [image, w], { kernel_shape: { kind: 'ints', value: [3, 3] } }),
    ]),
  ]);
  g.renameLastOutput('features');
  g.output('features', 'float32', [1, 2]);
  return write(dir, 'dynamic-image.onnx', g.build());
}

/** A well-formed ModelProto whose only node reads a value nothing defines. */
export function writeBrokenGraphModel(dir: string): Promise<string> {
  const g = new GraphBuilder('broken');
  g.input('x', 'float32', [1]);
  g.op('Relu', ['undefined_value']);
  g.renameLastOutput('y');
  g.output('y', 'float32', [1]);
  return write(dir, 'broken-graph.onnx', g.build());
}

/**
 * x: float32[1,6] reshaped by shape: int64[3] → y: float32[a,b,c]. Zeros for `shape` copy
 * dimensions x does not have (rank 2, not 3): it runs only on real values such as 1,2,3.
 */
export function writeShapeInputModel(dir: string): Promise<string> {
  const g = new GraphBuilder('shape-input');
  const x = g.input('x', 'float32', [1, 6]);
  const shape = g.input('shape', 'int64', [3]);
  g.op('Reshape', [x, shape]);
  g.renameLastOutput('y');
  g.output('y', 'float32', ['a', 'b', 'c']);
  return write(dir, 'shape-input.onnx', g.build());
}

/** `input` float32[1,width] → `output` float32[1,2]: output j sums the features i with i mod 2 = j. */
export function writeLinearModel(
  dir: string,
  names: { file: string; input: string; output: string; width?: number },
): Promise<string> {
  const width = names.width ?? 4;
  const g = new GraphBuilder(names.file);
  const x = g.input(names.input, 'float32', [1, width]);
  const weights = Array.from({ length: width * 2 }, (_, k) =>
    k % 2 === Math.floor(k / 2) % 2 ? 1 : 0,
  );
  g.op('MatMul', [
    x,
    g.parameter('w', [width, 2], { kind: 'bytes', bytes: float32Bytes(weights) }),
  ]);
  g.renameLastOutput(names.output);
  g.output(names.output, 'float32', [1, 2]);
  return write(dir, `${names.file}.onnx`, g.build());
}
