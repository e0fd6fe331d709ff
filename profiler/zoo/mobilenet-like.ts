/**
 * MobileNet-like stand-ins: the published block tables of torchvision's mobilenet_v2
 * (Relu6, no SE) and mobilenet_v3_small / _large (HardSwish / ReLU, SE with a hard-sigmoid gate).
 */
import type { Activation } from './layers.ts';
import { invertedResidualBody } from './inverted-residual.ts';
import type { BlockRow, InvertedResidualLayout } from './inverted-residual.ts';
import type { StandInRecipe } from './stand-in-classifier.ts';

type Row = [
  kernel: number,
  expanded: number,
  out: number,
  se: boolean,
  activation: Activation,
  stride: number,
];

const rows = (table: readonly Row[]): BlockRow[] =>
  table.map(([kernel, expandedChannels, outChannels, squeezeExcite, activation, stride]) => ({
    kernel,
    expandedChannels,
    outChannels,
    squeezeExcite,
    activation,
    stride,
  }));

/** MobileNetV2 (t, c, n, s) table expanded to one row per block; expansion t × input channels. */
function mobilenetV2Rows(): BlockRow[] {
  const table: Array<[number, number, number, number]> = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  const out: Row[] = [];
  let inChannels = 32;
  for (const [t, c, n, s] of table) {
    for (let i = 0; i < n; i++) {
      out.push([3, inChannels * t, c, false, 'relu6', i === 0 ? s : 1]);
      inChannels = c;
    }
  }
  return rows(out);
}

export const MOBILENET_LAYOUTS: Readonly<Record<string, InvertedResidualLayout>> = {
  mobilenet_v3_small: {
    stemChannels: 16,
    stemActivation: 'hardswish',
    seGate: 'HardSigmoid',
    rows: rows([
      [3, 16, 16, true, 'relu', 2],
      [3, 72, 24, false, 'relu', 2],
      [3, 88, 24, false, 'relu', 1],
      [5, 96, 40, true, 'hardswish', 2],
      [5, 240, 40, true, 'hardswish', 1],
      [5, 240, 40, true, 'hardswish', 1],
      [5, 120, 48, true, 'hardswish', 1],
      [5, 144, 48, true, 'hardswish', 1],
      [5, 288, 96, true, 'hardswish', 2],
      [5, 576, 96, true, 'hardswish', 1],
      [5, 576, 96, true, 'hardswish', 1],
    ]),
  },
  mobilenet_v2: {
    stemChannels: 32,
    stemActivation: 'relu6',
    seGate: 'Sigmoid',
    rows: mobilenetV2Rows(),
  },
  mobilenet_v3_large: {
    stemChannels: 16,
    stemActivation: 'hardswish',
    seGate: 'HardSigmoid',
    rows: rows([
      [3, 16, 16, false, 'relu', 1],
      [3, 64, 24, false, 'relu', 2],
      [3, 72, 24, false, 'relu', 1],
      [5, 72, 40, true, 'relu', 2],
      [5, 120, 40, true, 'relu', 1],
      [5, 120, 40, true, 'relu', 1],
      [3, 240, 80, false, 'hardswish', 2],
      [3, 200, 80, false, 'hardswish', 1],
      [3, 184, 80, false, 'hardswish', 1],
      [3, 184, 80, false, 'hardswish', 1],
      [3, 480, 112, true, 'hardswish', 1],
      [3, 672, 112, true, 'hardswish', 1],
      [5, 672, 160, true, 'hardswish', 2],
      [5, 960, 160, true, 'hardswish', 1],
      [5, 960, 160, true, 'hardswish', 1],
    ]),
  },
};

export function mobilenetRecipe(variant: string, seed: string): StandInRecipe {
  const layout = MOBILENET_LAYOUTS[variant];
  if (layout === undefined) throw new Error(`no MobileNet layout for ${variant}`);
  const headActivation = layout.stemActivation === 'relu6' ? 'relu6' : 'hardswish';
  return {
    graphName: variant,
    seed,
    headActivation,
    body: (layers, image, multiplier) => invertedResidualBody(layers, image, multiplier, layout),
  };
}
