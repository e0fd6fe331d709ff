/**
 * What can be told of a model file without onnxruntime: that it is a whole ONNX ModelProto
 * (not empty, not text, not cut short) and, when its metadata names a family and variant (zoo
 * files do), that they are the ones it is loaded or staged as. Run when a file is staged, so a
 * broken cold understudy is reported then, not at the failover, and again at load.
 */
import type { components } from '../openapi/types.ts';
import { DomainError, firstLine } from '../core/errors.ts';
import { METADATA_KEYS } from '../profiler/model-metadata.ts';
import { readModelHeader } from '../profiler/onnx/read-model-header.ts';

type ModelRef = components['schemas']['ModelRef'];

/** Header and provenance check: a zoo file names its family and variant in its metadata. */
export function checkModelFile(bytes: Uint8Array, model: ModelRef, label: string): void {
  let metadata: Readonly<Record<string, string>>;
  try {
    metadata = readModelHeader(bytes, label).metadata;
  } catch (error) {
    throw new DomainError('MODEL_INVALID', firstLine(error));
  }
  const family = metadata[METADATA_KEYS.family];
  const variant = metadata[METADATA_KEYS.variant];
  if (
    (family !== undefined && family !== model.family) ||
    (variant !== undefined && variant !== model.variant)
  ) {
    throw new DomainError(
      'MODEL_MISMATCH',
      `${label}: the file says it is ${family ?? '?'}/${variant ?? '?'} (its understudy metadata)`,
    );
  }
}
