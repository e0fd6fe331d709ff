/**
 * Neural-network layers as ONNX nodes, with deterministic weights seeded per tensor name.
 * Convolutions carry a bias and no BatchNormalization: exported inference graphs fold batch
 * norm into the convolution, so this is the shape a real deployed model has.
 */
import { GraphBuilder } from '../onnx/graph-builder.ts';
import type { TensorContents } from '../onnx/onnx-model.ts';
import { float32Bytes, uniformFloat32Bytes } from '../seeded-random.ts';

export type Activation = 'relu' | 'relu6' | 'silu' | 'hardswish';

export interface ConvOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride?: number;
  /** `groups === inChannels === outChannels` makes a depthwise convolution. */
  readonly groups?: number;
  /**
   * Scales the initial weights. The last convolution of a residual branch uses a small gain so
   * that deep stacks (ResNet-152) keep activations in range, like zero-initialised last BN.
   */
  readonly gain?: number;
}

export class Layers {
  readonly graph: GraphBuilder;

  constructor(
    graphName: string,
    private readonly seed: string,
  ) {
    this.graph = new GraphBuilder(graphName);
  }

  conv(x: string, options: ConvOptions): string {
    const { inChannels, outChannels, kernel, stride = 1, groups = 1, gain = 1 } = options;
    const fanIn = (inChannels / groups) * kernel * kernel;
    const w = this.weights(
      'conv_w',
      [outChannels, inChannels / groups, kernel, kernel],
      fanIn,
      gain,
    );
    const b = this.bias('conv_b', outChannels);
    const pad = Math.floor(kernel / 2);
    return this.graph.op('Conv', [x, w, b], {
      kernel_shape: { kind: 'ints', value: [kernel, kernel] },
      strides: { kind: 'ints', value: [stride, stride] },
      pads: { kind: 'ints', value: [pad, pad, pad, pad] },
      group: { kind: 'int', value: groups },
    });
  }

  /** Fully connected layer: y = x·Wᵀ + b with W stored [out, in] (Gemm transB = 1). */
  dense(x: string, inFeatures: number, outFeatures: number): string {
    const w = this.weights('fc_w', [outFeatures, inFeatures], inFeatures, 1);
    const b = this.bias('fc_b', outFeatures);
    return this.graph.op('Gemm', [x, w, b], { transB: { kind: 'int', value: 1 } });
  }

  activate(x: string, activation: Activation): string {
    switch (activation) {
      case 'relu':
        return this.graph.op('Relu', [x]);
      case 'relu6':
        return this.graph.op('Clip', [x, this.scalar('clip_min', 0), this.scalar('clip_max', 6)]);
      case 'silu':
        return this.graph.op('Mul', [x, this.graph.op('Sigmoid', [x])]);
      case 'hardswish':
        return this.graph.op('HardSwish', [x]);
    }
  }

  /** Squeeze-and-excitation: channel gates from a global average (Hu et al., 2018). */
  squeezeExcite(
    x: string,
    channels: number,
    squeezed: number,
    gate: 'Sigmoid' | 'HardSigmoid',
  ): string {
    const pooled = this.graph.op('GlobalAveragePool', [x]);
    const reduced = this.graph.op('Relu', [
      this.conv(pooled, { inChannels: channels, outChannels: squeezed, kernel: 1 }),
    ]);
    const expanded = this.conv(reduced, { inChannels: squeezed, outChannels: channels, kernel: 1 });
    return this.graph.op('Mul', [x, this.graph.op(gate, [expanded])]);
  }

  add(a: string, b: string): string {
    return this.graph.op('Add', [a, b]);
  }

  maxPool(x: string, size: number): string {
    return this.graph.op('MaxPool', [x], {
      kernel_shape: { kind: 'ints', value: [size, size] },
      strides: { kind: 'ints', value: [size, size] },
    });
  }

  /** [N, C, H, W] → [N, C]. */
  globalPoolFlatten(x: string): string {
    return this.graph.op('Flatten', [this.graph.op('GlobalAveragePool', [x])]);
  }

  private weights(hint: string, dims: readonly number[], fanIn: number, gain: number): string {
    // He-uniform bound sqrt(6 / fan_in) keeps ReLU activations at unit scale through depth.
    const bound = gain * Math.sqrt(6 / fanIn);
    const count = dims.reduce((p, d) => p * d, 1);
    return this.graph.parameter(hint, dims, (name) => this.lazyUniform(name, count, bound));
  }

  private bias(hint: string, count: number): string {
    return this.graph.parameter(hint, [count], (name) => this.lazyUniform(name, count, 0.01));
  }

  private scalar(hint: string, value: number): string {
    return this.graph.constant(hint, 'float32', [], {
      kind: 'bytes',
      bytes: float32Bytes([value]),
    });
  }

  private lazyUniform(name: string, count: number, bound: number): TensorContents {
    const seed = `${this.seed}/${name}`;
    return { kind: 'generate', generate: () => uniformFloat32Bytes(seed, count, bound) };
  }
}
