/**
 * ResNet-like stand-ins (He et al., "Deep Residual Learning", 2015): the torchvision stage
 * layout — basic blocks [2,2,2,2] / [3,4,6,3] for 18/34, bottleneck blocks [3,4,6,3] /
 * [3,4,23,3] / [3,8,36,3] for 50/101/152 — on a 32×32 image with the same /4 stem.
 */
import type { Layers } from './layers.ts';
import { scaledChannels } from './stand-in-classifier.ts';
import type { BodyOutput, StandInRecipe } from './stand-in-classifier.ts';

interface ResNetLayout {
  readonly blocks: readonly [number, number, number, number];
  readonly bottleneck: boolean;
}

export const RESNET_LAYOUTS: Readonly<Record<string, ResNetLayout>> = {
  resnet18: { blocks: [2, 2, 2, 2], bottleneck: false },
  resnet34: { blocks: [3, 4, 6, 3], bottleneck: false },
  resnet50: { blocks: [3, 4, 6, 3], bottleneck: true },
  resnet101: { blocks: [3, 4, 23, 3], bottleneck: true },
  resnet152: { blocks: [3, 8, 36, 3], bottleneck: true },
};

/** Gain of the last convolution of each residual branch (see `ConvOptions.gain`). */
const RESIDUAL_GAIN = 0.2;

export function resnetRecipe(variant: string, seed: string): StandInRecipe {
  const layout = RESNET_LAYOUTS[variant];
  if (layout === undefined) throw new Error(`no ResNet layout for ${variant}`);
  return {
    graphName: variant,
    seed,
    headActivation: 'relu',
    body: (layers, image, multiplier) => resnetBody(layers, image, multiplier, layout),
  };
}

function resnetBody(
  layers: Layers,
  image: string,
  widthMultiplier: number,
  layout: ResNetLayout,
): BodyOutput {
  // torchvision's stage widths are 64·2^stage; the multiplier scales them all.
  const width = scaledChannels(64, widthMultiplier);
  // Stem: stride-2 convolution then 2×2 max pool, /4 overall like torchvision's 7×7 + pool.
  let x = layers.maxPool(
    layers.activate(
      layers.conv(image, { inChannels: 3, outChannels: width, kernel: 3, stride: 2 }),
      'relu',
    ),
    2,
  );
  let channels = width;
  layout.blocks.forEach((count, stage) => {
    const mid = width * 2 ** stage;
    for (let i = 0; i < count; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const block = layout.bottleneck ? bottleneckBlock : basicBlock;
      ({ output: x, channels } = block(layers, x, { inChannels: channels, mid, stride }));
    }
  });
  return { output: x, channels };
}

interface BlockShape {
  readonly inChannels: number;
  readonly mid: number;
  readonly stride: number;
}

function basicBlock(layers: Layers, x: string, shape: BlockShape): BodyOutput {
  const { inChannels, mid, stride } = shape;
  const a = layers.activate(
    layers.conv(x, { inChannels, outChannels: mid, kernel: 3, stride }),
    'relu',
  );
  const b = layers.conv(a, { inChannels: mid, outChannels: mid, kernel: 3, gain: RESIDUAL_GAIN });
  return {
    output: layers.activate(layers.add(b, shortcut(layers, x, inChannels, mid, stride)), 'relu'),
    channels: mid,
  };
}

function bottleneckBlock(layers: Layers, x: string, shape: BlockShape): BodyOutput {
  const { inChannels, mid, stride } = shape;
  const out = mid * 4;
  const a = layers.activate(layers.conv(x, { inChannels, outChannels: mid, kernel: 1 }), 'relu');
  const b = layers.activate(
    layers.conv(a, { inChannels: mid, outChannels: mid, kernel: 3, stride }),
    'relu',
  );
  const c = layers.conv(b, { inChannels: mid, outChannels: out, kernel: 1, gain: RESIDUAL_GAIN });
  return {
    output: layers.activate(layers.add(c, shortcut(layers, x, inChannels, out, stride)), 'relu'),
    channels: out,
  };
}

/** Identity when shapes match, else a strided 1×1 projection (torchvision's `downsample`). */
function shortcut(
  layers: Layers,
  x: string,
  inChannels: number,
  outChannels: number,
  stride: number,
): string {
  if (inChannels === outChannels && stride === 1) return x;
  return layers.conv(x, { inChannels, outChannels, kernel: 1, stride });
}
