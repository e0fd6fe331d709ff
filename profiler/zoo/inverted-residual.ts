/**
 * Inverted-residual (MBConv) bodies shared by the MobileNet-like and EfficientNet-like
 * families (Sandler et al., "MobileNetV2", 2018; Howard et al., "Searching for MobileNetV3",
 * 2019; Tan & Le, "EfficientNet", 2019): 1×1 expansion, k×k depthwise convolution, optional
 * squeeze-and-excitation, 1×1 linear projection, residual add when the shape is unchanged.
 */
import type { Activation, Layers } from './layers.ts';
import { scaledChannels } from './stand-in-classifier.ts';
import type { BodyOutput } from './stand-in-classifier.ts';

/** One block as published, in channels of the reference width. */
export interface BlockRow {
  readonly kernel: number;
  readonly expandedChannels: number;
  readonly outChannels: number;
  readonly squeezeExcite: boolean;
  readonly activation: Activation;
  readonly stride: number;
}

export interface InvertedResidualLayout {
  /** Stem output channels as published. */
  readonly stemChannels: number;
  readonly stemActivation: Activation;
  readonly rows: readonly BlockRow[];
  readonly seGate: 'Sigmoid' | 'HardSigmoid';
}

export function invertedResidualBody(
  layers: Layers,
  image: string,
  widthMultiplier: number,
  layout: InvertedResidualLayout,
): BodyOutput {
  const scale = (channels: number): number => scaledChannels(channels, widthMultiplier);
  let channels = scale(layout.stemChannels);
  const stem = layers.conv(image, { inChannels: 3, outChannels: channels, kernel: 3, stride: 2 });
  let x = layers.activate(stem, layout.stemActivation);
  for (const row of layout.rows) {
    const block = {
      ...row,
      expandedChannels: scale(row.expandedChannels),
      outChannels: scale(row.outChannels),
    };
    x = invertedResidualBlock(layers, x, channels, block, layout.seGate);
    channels = block.outChannels;
  }
  return { output: x, channels };
}

function invertedResidualBlock(
  layers: Layers,
  x: string,
  inChannels: number,
  row: BlockRow,
  seGate: InvertedResidualLayout['seGate'],
): string {
  const expanded = row.expandedChannels;
  let y = x;
  if (expanded !== inChannels) {
    y = layers.activate(
      layers.conv(y, { inChannels, outChannels: expanded, kernel: 1 }),
      row.activation,
    );
  }
  const depthwise = {
    inChannels: expanded,
    outChannels: expanded,
    groups: expanded,
    kernel: row.kernel,
    stride: row.stride,
  };
  y = layers.activate(layers.conv(y, depthwise), row.activation);
  if (row.squeezeExcite)
    y = layers.squeezeExcite(y, expanded, Math.max(1, Math.round(expanded / 4)), seGate);
  const residual = row.stride === 1 && inChannels === row.outChannels;
  y = layers.conv(y, {
    inChannels: expanded,
    outChannels: row.outChannels,
    kernel: 1,
    gain: residual ? 0.2 : 1,
  });
  return residual ? layers.add(y, x) : y;
}
