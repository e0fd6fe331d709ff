/**
 * The shape every stand-in image classifier shares: a 1×3×32×32 image, a family-specific
 * convolutional body whose width is a free parameter, and a head (1×1 convolution to `headWidth`
 * channels, global average pool, dense layer to 10 classes). The body's width multiplier and the
 * head width are chosen so the parameter count lands on a target (published count × zoo scale).
 */
import { Layers } from './layers.ts';
import type { Activation } from './layers.ts';
import { DomainError } from '../../core/errors.ts';

/** The image input every stand-in takes: small so inference stays in the millisecond range. */
export const IMAGE_INPUT = { name: 'image', type: 'float32', dims: [1, 3, 32, 32] } as const;
export const LOGITS_OUTPUT = { name: 'logits', type: 'float32', dims: [1, 10] } as const;
const CLASS_COUNT = 10;

export interface BodyOutput {
  readonly output: string;
  readonly channels: number;
}

export interface StandInRecipe {
  readonly graphName: string;
  /** Seed prefix for the weights; distinct per variant. */
  readonly seed: string;
  /** Builds the body with every published channel count multiplied by `widthMultiplier`. */
  readonly body: (layers: Layers, image: string, widthMultiplier: number) => BodyOutput;
  readonly headActivation: Activation;
}

export interface SizedStandIn {
  readonly layers: Layers;
  readonly widthMultiplier: number;
  readonly headWidth: number;
}

/** Channel count of a published layer at a width multiplier (at least one channel). */
export function scaledChannels(publishedChannels: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(publishedChannels * widthMultiplier));
}

/** Builds the classifier whose parameter count is the largest not above `targetParameters`. */
export function buildStandIn(recipe: StandInRecipe, targetParameters: number): SizedStandIn {
  const widthMultiplier = largestFittingMultiplier(recipe, targetParameters);
  const probe = assemble(recipe, widthMultiplier, 1);
  // Head parameters are headWidth·(C + 1 + K) + K, so the remainder fixes headWidth exactly.
  const perHeadChannel = probe.channels + 1 + CLASS_COUNT;
  const bodyParameters = probe.layers.graph.parameterCount - perHeadChannel - CLASS_COUNT;
  const headWidth = Math.floor((targetParameters - bodyParameters - CLASS_COUNT) / perHeadChannel);
  return {
    layers: assemble(recipe, widthMultiplier, headWidth).layers,
    widthMultiplier,
    headWidth,
  };
}

function largestFittingMultiplier(recipe: StandInRecipe, targetParameters: number): number {
  // Fits when the body plus a head as wide as the body's output stays within the target.
  const fits = (multiplier: number): boolean => {
    const { layers, channels } = assemble(recipe, multiplier, 1);
    return (
      layers.graph.parameterCount + (channels - 1) * (channels + 1 + CLASS_COUNT) <=
      targetParameters
    );
  };
  let low = 1 / 1024;
  if (!fits(low)) {
    throw new DomainError(
      'SCALE_TOO_SMALL',
      `scale too small: ${recipe.graphName} cannot be built with ${targetParameters} parameters`,
    );
  }
  let high = 2 * low;
  while (fits(high)) [low, high] = [high, high * 2];
  // Rounding of channel counts makes the count a step function; 24 halvings resolve every step.
  for (let i = 0; i < 24; i++) {
    const mid = (low + high) / 2;
    if (fits(mid)) low = mid;
    else high = mid;
  }
  return low;
}

function assemble(
  recipe: StandInRecipe,
  widthMultiplier: number,
  headWidth: number,
): { layers: Layers; channels: number } {
  const layers = new Layers(recipe.graphName, recipe.seed);
  const image = layers.graph.input(IMAGE_INPUT.name, IMAGE_INPUT.type, IMAGE_INPUT.dims);
  const body = recipe.body(layers, image, widthMultiplier);
  const head = layers.activate(
    layers.conv(body.output, { inChannels: body.channels, outChannels: headWidth, kernel: 1 }),
    recipe.headActivation,
  );
  layers.dense(layers.globalPoolFlatten(head), headWidth, CLASS_COUNT);
  layers.graph.renameLastOutput(LOGITS_OUTPUT.name);
  layers.graph.output(LOGITS_OUTPUT.name, LOGITS_OUTPUT.type, LOGITS_OUTPUT.dims);
  return { layers, channels: body.channels };
}
