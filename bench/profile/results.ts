/** What bench/profile/run.ts records per zoo scale and variant. */

export interface VariantResult {
  readonly family: string;
  readonly variant: string;
  readonly parameters: number;
  readonly fileMiB: number;
  /** Medians over the cold loads. */
  readonly loadMs: number;
  readonly firstRunMs: number;
  readonly memoryMiB: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly throughputPerSec: number;
  readonly accuracy: number | null;
  readonly accuracySource: string | null;
}

export interface ScaleResult {
  readonly scale: number;
  readonly buildMs: number;
  readonly variants: readonly VariantResult[];
}
