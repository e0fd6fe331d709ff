/**
 * Tiny generated models for the signature contract: the same linear map exported under
 * different tensor names (as `data_0` and `gpu_0/data_0` exports of one classifier are), one
 * with another input width, and one that loads but cannot answer zeros at its dynamic size.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { components } from '../../../openapi/types.ts';
import { encodeModel } from '../../../profiler/onnx/encode-model.ts';
import { GraphBuilder } from '../../../profiler/onnx/graph-builder.ts';
import type { OnnxGraph } from '../../../profiler/onnx/onnx-model.ts';
import { float32Bytes } from '../../../profiler/seeded-random.ts';

type ModelRef = components['schemas']['ModelRef'];

async function write(dir: string, fileName: string, graph: OnnxGraph): Promise<string> {
  const path = join(dir, fileName);
  await writeFile(
    path,
    encodeModel({ irVersion: 8, opsetVersion: 17, producerName: 'test', graph, metadata: {} }),
  );
  return path;
}

/** `input` float32[1,width] → `output` float32[1,2]: output j sums the features i with i mod 2 = j. */
export async function writeLinearModel(
  dir: string,
  names: { file: string; input: string; output: string; width?: number },
): Promise<string> {
  const width = names.width ?? 4;
  const g = new GraphBuilder(names.file);
  const x = g.input(names.input, 'float32', [1, width]);
  const weights = Array.from({ length: width * 2 }, (_, k) =>
    k % 2 === Math.floor(k / 2) % 2 ? 1 : 0,
  );
  const w = g.parameter('w', [width, 2], { kind: 'bytes', bytes: float32Bytes(weights) });
  g.op('MatMul', [x, w]);
  g.renameLastOutput(names.output);
  g.output(names.output, 'float32', [1, 2]);
  return write(dir, `${names.file}.onnx`, g.build());
}

/** image: float32[1,3,h,w] through an unpadded 3×3 convolution: it loads, but h = w = 1 cannot run. */
export async function writeNoZerosModel(dir: string): Promise<string> {
  const g = new GraphBuilder('no-zeros');
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
  return write(dir, 'no-zeros.onnx', g.build());
}

/** A ModelRef for a generated file (no checksum), under `family`. */
export function refOf(
  location: string,
  family: string,
  variant: string,
  extra: Partial<ModelRef> = {},
): ModelRef {
  return { family, variant, location, memoryMiB: 4, ...extra };
}
