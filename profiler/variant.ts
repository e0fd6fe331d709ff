/**
 * The profiler's output: a model variant as the REST API's `Variant` schema describes it
 * (openapi/understudy.yaml). Kept in this one place until the generated wire types land;
 * then these become re-exports of the generated ones.
 */
import type { ElementType } from './onnx/onnx-model.ts';

export type TensorElementType = ElementType;

export interface TensorSpec {
  readonly name: string;
  readonly type: TensorElementType;
  /** Fixed sizes as integers; dynamic (symbolic) dimensions as their names. */
  readonly dims: ReadonlyArray<number | string>;
}

export type AccuracySource = 'measured' | 'supplied' | 'published';

export interface Variant {
  readonly id: string;
  /** Path or URL of the .onnx file. */
  readonly location: string;
  /** Hex SHA-256 of the file. */
  readonly sha256: string;
  readonly fileBytes: number;
  /** Top-1 accuracy 0..1; absent when unknown. */
  readonly accuracy?: number;
  /** Present exactly when `accuracy` is. */
  readonly accuracySource?: AccuracySource;
  /** True when the weights are placeholders and `accuracy` is the real model's published one. */
  readonly standIn: boolean;
  /** Resident memory the loaded session adds, after its first inference (MiB, median of loads). */
  readonly memoryMiB: number;
  /** Cold load time in a fresh process (ms, median of loads). */
  readonly loadMs: number;
  /** Batch-1 inference latency after warm-up (ms). */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  /** Sequential batch-1 inferences per second. */
  readonly throughputPerSec: number;
  readonly signature: {
    readonly inputs: readonly TensorSpec[];
    readonly outputs: readonly TensorSpec[];
  };
}

export interface ModelFamily {
  readonly id: string;
  readonly task: string;
  readonly description: string;
  readonly variants: readonly Variant[];
}
