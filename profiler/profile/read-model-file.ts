/** Reads a model file and checks it is an ONNX ModelProto, with one-line errors naming the file. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readModelHeader } from '../onnx/read-model-header.ts';
import type { ModelHeader } from '../onnx/read-model-header.ts';
import { DomainError } from '../../core/errors.ts';

export interface ModelFile {
  readonly fileBytes: number;
  readonly sha256: string;
  readonly header: ModelHeader;
}

export async function readModelFile(path: string): Promise<ModelFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new DomainError('MODEL_NOT_FOUND', `model file not found: ${path}`);
    if (code === 'EISDIR')
      throw new DomainError('MODEL_UNREADABLE', `${path} is a directory, not a model file`);
    throw new DomainError('MODEL_UNREADABLE', `cannot read ${path} (${code ?? 'unknown error'})`);
  }
  const header = readModelHeader(bytes, path);
  return {
    fileBytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    header,
  };
}
