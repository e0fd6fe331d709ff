/**
 * The smallest useful model, `y = Identity(x)` over a float32[1]: the cold-load worker loads it
 * before the measured model so onnxruntime's one-time process setup is excluded (see
 * load-worker.mjs). Its input is named `x`, which the worker relies on.
 */
import { encodeModel } from '../onnx/encode-model.ts';

export function primerModelBytes(): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'understudy profiler',
    metadata: {},
    graph: {
      name: 'primer',
      nodes: [
        { opType: 'Identity', name: 'identity', inputs: ['x'], outputs: ['y'], attributes: {} },
      ],
      initializers: [],
      inputs: [{ name: 'x', type: 'float32', dims: [1] }],
      outputs: [{ name: 'y', type: 'float32', dims: [1] }],
    },
  });
}
