/**
 * Keys the zoo writes into a model's `metadata_props` (onnx.proto ModelProto field 14), so that
 * `understudy profile` on a zoo file knows it is a stand-in and what its published accuracy is,
 * without the manifest. Other tools ignore unknown metadata.
 */
export const METADATA_KEYS = {
  family: 'understudy.family',
  variant: 'understudy.variant',
  /** 'true' when the weights are random and only the architecture and size mirror a real model. */
  standIn: 'understudy.standIn',
  /** The real model's published top-1 accuracy, 0..1, as a decimal string. */
  publishedAccuracy: 'understudy.publishedAccuracy',
  publishedParameters: 'understudy.publishedParameters',
} as const;

/** What `profile` learns from a model's metadata. */
export interface ModelProvenance {
  readonly variantId?: string;
  readonly standIn: boolean;
  readonly publishedAccuracy?: number;
}

export function provenanceFromMetadata(
  metadata: Readonly<Record<string, string>>,
): ModelProvenance {
  const accuracy = Number(metadata[METADATA_KEYS.publishedAccuracy]);
  const published =
    metadata[METADATA_KEYS.publishedAccuracy] !== undefined && accuracy >= 0 && accuracy <= 1;
  const variantId = metadata[METADATA_KEYS.variant];
  return {
    standIn: metadata[METADATA_KEYS.standIn] === 'true',
    ...(variantId !== undefined ? { variantId } : {}),
    ...(published ? { publishedAccuracy: accuracy } : {}),
  };
}
