/**
 * The families `understudy zoo build` writes, in one list: three stand-in image-classifier
 * families mirroring torchvision's ResNet, EfficientNet and MobileNet (sizes and published
 * accuracy from the catalog), and the linear-probe family whose accuracy is known by
 * construction. A new family is a new entry here.
 */
import type { OnnxGraph, OnnxModel } from '../onnx/onnx-model.ts';
import { METADATA_KEYS } from '../model-metadata.ts';
import { efficientnetRecipe } from './efficientnet-like.ts';
import { buildProbe, PROBE_CLASSES, PROBE_SAMPLES, PROBE_VARIANTS } from './linear-probe.ts';
import { mobilenetRecipe } from './mobilenet-like.ts';
import {
  PUBLISHED_EFFICIENTNET,
  PUBLISHED_MOBILENET,
  PUBLISHED_RESNET,
  PUBLISHED_SOURCE,
} from './published-catalog.ts';
import type { PublishedModel } from './published-catalog.ts';
import { resnetRecipe } from './resnet-like.ts';
import { buildStandIn } from './stand-in-classifier.ts';
import type { StandInRecipe } from './stand-in-classifier.ts';
import type { AccuracyBasis } from './zoo-manifest.ts';

export interface BuiltVariant {
  readonly model: OnnxModel;
  readonly parameters: number;
  readonly publishedParameters?: number;
  readonly accuracy: number;
  readonly accuracyBasis: AccuracyBasis;
  readonly standIn: boolean;
  readonly datasetJsonl?: string;
}

export interface ZooVariantDefinition {
  readonly id: string;
  build(scale: number): BuiltVariant;
}

export interface ZooFamilyDefinition {
  readonly id: string;
  readonly task: string;
  readonly description: string;
  readonly source: string;
  readonly variants: readonly ZooVariantDefinition[];
}

/** ONNX IR 8 and opset 17: read by every onnxruntime since 1.14, and all ops used exist there. */
const IR_VERSION = 8;
const OPSET_VERSION = 17;
const SEED_PREFIX = 'understudy-zoo/1';

function wrapModel(graph: OnnxGraph, metadata: Record<string, string>): OnnxModel {
  return {
    irVersion: IR_VERSION,
    opsetVersion: OPSET_VERSION,
    producerName: 'understudy zoo',
    graph,
    metadata,
  };
}

function standInFamily(
  id: string,
  mirrors: string,
  published: readonly PublishedModel[],
  recipe: (variant: string, seed: string) => StandInRecipe,
): ZooFamilyDefinition {
  const variants = published.map((p) => ({
    id: p.variant,
    build(scale: number): BuiltVariant {
      // Published figures have at most 3 decimals (percent); this yields the nearest double.
      const accuracy = Math.round(p.acc1Percent * 1000) / 100_000;
      const { layers } = buildStandIn(
        recipe(p.variant, `${SEED_PREFIX}/${id}/${p.variant}`),
        Math.round(p.parameters * scale),
      );
      const metadata = {
        [METADATA_KEYS.family]: id,
        [METADATA_KEYS.variant]: p.variant,
        [METADATA_KEYS.standIn]: 'true',
        [METADATA_KEYS.publishedAccuracy]: String(accuracy),
        [METADATA_KEYS.publishedParameters]: String(p.parameters),
      };
      const parameters = layers.graph.parameterCount;
      const model = wrapModel(layers.graph.build(), metadata);
      return {
        model,
        parameters,
        publishedParameters: p.parameters,
        accuracy,
        accuracyBasis: 'published',
        standIn: true,
      };
    },
  }));
  const description = `Stand-in for torchvision ${mirrors}: real ${mirrors} graph layout with random weights, parameter counts = published × scale, accuracy = published top-1. Input image 1x3x32x32, output logits 1x10.`;
  return { id, task: 'image-classification', description, source: PUBLISHED_SOURCE, variants };
}

const probeFamily: ZooFamilyDefinition = {
  id: 'linear-probe',
  task: 'classification',
  description: `Fixed linear classifiers (${PROBE_CLASSES} classes) with labelled datasets of ${PROBE_SAMPLES} samples in which a known number of labels was flipped, so top-1 accuracy is known exactly.`,
  source: 'constructed by understudy (profiler/zoo/linear-probe.ts)',
  variants: PROBE_VARIANTS.map((spec) => ({
    id: spec.id,
    build(): BuiltVariant {
      const probe = buildProbe(spec, `${SEED_PREFIX}/linear-probe/${spec.id}`);
      const metadata = {
        [METADATA_KEYS.family]: 'linear-probe',
        [METADATA_KEYS.variant]: spec.id,
        [METADATA_KEYS.standIn]: 'false',
      };
      const model = wrapModel(probe.graph.build(), metadata);
      const base = {
        model,
        parameters: probe.graph.parameterCount,
        accuracy: probe.accuracy,
        standIn: false,
      };
      return { ...base, accuracyBasis: 'constructed', datasetJsonl: probe.datasetJsonl };
    },
  })),
};

export const ZOO_FAMILIES: readonly ZooFamilyDefinition[] = [
  standInFamily('resnet-like', 'ResNet', PUBLISHED_RESNET, resnetRecipe),
  standInFamily('efficientnet-like', 'EfficientNet', PUBLISHED_EFFICIENTNET, efficientnetRecipe),
  standInFamily('mobilenet-like', 'MobileNet', PUBLISHED_MOBILENET, mobilenetRecipe),
  probeFamily,
];
