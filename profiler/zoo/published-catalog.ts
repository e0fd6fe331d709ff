/**
 * Published figures of the real models the stand-in families mirror, copied from
 * `shared/catalog/torchvision-imagenet.csv` (each row's source is the torchvision page or
 * source file named there). Only the figures the zoo uses: ImageNet-1K top-1 accuracy
 * (percent, IMAGENET1K_V1 weights) and parameter count.
 */
export interface PublishedModel {
  readonly variant: string;
  /** ImageNet-1K top-1 accuracy in percent, as published. */
  readonly acc1Percent: number;
  readonly parameters: number;
}

export const PUBLISHED_RESNET: readonly PublishedModel[] = [
  { variant: 'resnet18', acc1Percent: 69.758, parameters: 11_689_512 },
  { variant: 'resnet34', acc1Percent: 73.314, parameters: 21_797_672 },
  { variant: 'resnet50', acc1Percent: 76.13, parameters: 25_557_032 },
  { variant: 'resnet101', acc1Percent: 77.374, parameters: 44_549_160 },
  { variant: 'resnet152', acc1Percent: 78.312, parameters: 60_192_808 },
];

export const PUBLISHED_EFFICIENTNET: readonly PublishedModel[] = [
  { variant: 'efficientnet_b0', acc1Percent: 77.692, parameters: 5_288_548 },
  { variant: 'efficientnet_b1', acc1Percent: 78.642, parameters: 7_794_184 },
  { variant: 'efficientnet_b2', acc1Percent: 80.608, parameters: 9_109_994 },
  { variant: 'efficientnet_b3', acc1Percent: 82.008, parameters: 12_233_232 },
  { variant: 'efficientnet_b4', acc1Percent: 83.384, parameters: 19_341_616 },
  { variant: 'efficientnet_b5', acc1Percent: 83.444, parameters: 30_389_784 },
  { variant: 'efficientnet_b6', acc1Percent: 84.008, parameters: 43_040_704 },
  { variant: 'efficientnet_b7', acc1Percent: 84.122, parameters: 66_347_960 },
];

export const PUBLISHED_MOBILENET: readonly PublishedModel[] = [
  { variant: 'mobilenet_v3_small', acc1Percent: 67.668, parameters: 2_542_856 },
  { variant: 'mobilenet_v2', acc1Percent: 71.878, parameters: 3_504_872 },
  { variant: 'mobilenet_v3_large', acc1Percent: 74.042, parameters: 5_483_032 },
];

/** The catalog file the figures above were copied from, for the manifest's provenance field. */
export const PUBLISHED_SOURCE =
  'shared/catalog/torchvision-imagenet.csv (torchvision, IMAGENET1K_V1 weights)';
