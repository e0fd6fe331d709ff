/**
 * EfficientNet-like stand-ins: the B0 MBConv stage table (Tan & Le, 2019, table 1) with each
 * variant's published depth coefficient (torchvision `efficientnet.py`); the width coefficient
 * is subsumed by fitting the width to the published parameter count. SiLU, SE with sigmoid gate.
 */
import { invertedResidualBody } from './inverted-residual.ts';
import type { BlockRow, InvertedResidualLayout } from './inverted-residual.ts';
import type { StandInRecipe } from './stand-in-classifier.ts';

/** Depth coefficients of B0…B7 (torchvision `efficientnet.py`, `_efficientnet_conf`). */
export const EFFICIENTNET_DEPTH: Readonly<Record<string, number>> = {
  efficientnet_b0: 1.0,
  efficientnet_b1: 1.1,
  efficientnet_b2: 1.2,
  efficientnet_b3: 1.4,
  efficientnet_b4: 1.8,
  efficientnet_b5: 2.2,
  efficientnet_b6: 2.6,
  efficientnet_b7: 3.1,
};

/** B0 stages: expansion ratio, kernel, stride, output channels, repeats. */
const B0_STAGES: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [1, 3, 1, 16, 1],
  [6, 3, 2, 24, 2],
  [6, 5, 2, 40, 2],
  [6, 3, 2, 80, 3],
  [6, 5, 1, 112, 3],
  [6, 5, 2, 192, 4],
  [6, 3, 1, 320, 1],
];
const B0_STEM_CHANNELS = 32;

function efficientnetLayout(depth: number): InvertedResidualLayout {
  const rows: BlockRow[] = [];
  let inChannels = B0_STEM_CHANNELS;
  for (const [expand, kernel, stride, outChannels, repeats] of B0_STAGES) {
    const count = Math.ceil(repeats * depth);
    for (let i = 0; i < count; i++) {
      rows.push({
        kernel,
        expandedChannels: inChannels * expand,
        outChannels,
        squeezeExcite: true,
        activation: 'silu',
        stride: i === 0 ? stride : 1,
      });
      inChannels = outChannels;
    }
  }
  return { stemChannels: B0_STEM_CHANNELS, stemActivation: 'silu', seGate: 'Sigmoid', rows };
}

export function efficientnetRecipe(variant: string, seed: string): StandInRecipe {
  const depth = EFFICIENTNET_DEPTH[variant];
  if (depth === undefined) throw new Error(`no EfficientNet depth for ${variant}`);
  const layout = efficientnetLayout(depth);
  return {
    graphName: variant,
    seed,
    headActivation: 'silu',
    body: (layers, image, multiplier) => invertedResidualBody(layers, image, multiplier, layout),
  };
}
