/**
 * The binary form of inference requests and answers: a *tensor frame*, media type
 * `application/vnd.understudy.tensors`. JSON spends most of an inference request's overhead
 * turning decimal text into floats; a frame carries the tensors' bytes as they are, so the
 * agent wraps them in a typed array without copying.
 *
 * Layout (all integers little-endian; offsets from the start of the frame):
 *
 *   frame header, 8 bytes:  "USTF" | version u8 (1) | tensor count u8 | reserved u16 (0)
 *   then per tensor:
 *     8 bytes:              element type u8 (ONNX TensorProto.DataType) | rank u8 |
 *                           name length u16 (bytes) | data length u32 (bytes)
 *     rank × u32:           dimensions
 *     name:                 UTF-8
 *     zero padding to a multiple of 8
 *     data:                 the elements, little-endian, row-major
 *     zero padding to a multiple of 8
 *
 * Padding keeps every tensor's data 8-byte aligned, so float64 and int64 data can be viewed in
 * place. String tensors have no fixed width and are JSON-only.
 */
import { DomainError } from '../core/errors.ts';
import { NUMERIC_TYPES, typeOfCode } from './tensor-types.ts';
import type { NumericArray, NumericElementType } from './tensor-types.ts';

export const TENSOR_FRAME_MEDIA_TYPE = 'application/vnd.understudy.tensors';

const MAGIC = 0x46545355; // "USTF" read as a little-endian u32
const VERSION = 1;
const FRAME_HEADER_BYTES = 8;
const TENSOR_HEADER_BYTES = 8;
const MAX_TENSORS = 255;

export interface FrameTensor {
  readonly name: string;
  readonly type: NumericElementType;
  readonly dims: readonly number[];
  readonly data: NumericArray;
}

const padded = (offset: number): number => (offset + 7) & ~7;

/** Encodes tensors as one frame. */
export function encodeTensorFrame(tensors: readonly FrameTensor[]): Buffer {
  if (tensors.length > MAX_TENSORS)
    throw new RangeError(`a frame holds at most ${MAX_TENSORS} tensors`);
  const names = tensors.map((tensor) => Buffer.from(tensor.name, 'utf8'));
  let size = FRAME_HEADER_BYTES;
  tensors.forEach((tensor, i) => {
    size = padded(size + TENSOR_HEADER_BYTES + 4 * tensor.dims.length + (names[i]?.length ?? 0));
    size = padded(size + tensor.data.byteLength);
  });
  const frame = Buffer.alloc(size);
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt8(VERSION, 4);
  frame.writeUInt8(tensors.length, 5);
  let offset = FRAME_HEADER_BYTES;
  tensors.forEach((tensor, i) => {
    const name = names[i] ?? Buffer.alloc(0);
    frame.writeUInt8(NUMERIC_TYPES[tensor.type].code, offset);
    frame.writeUInt8(tensor.dims.length, offset + 1);
    frame.writeUInt16LE(name.length, offset + 2);
    frame.writeUInt32LE(tensor.data.byteLength, offset + 4);
    offset += TENSOR_HEADER_BYTES;
    for (const dim of tensor.dims) offset = frame.writeUInt32LE(dim, offset);
    offset = padded(offset + name.copy(frame, offset));
    const bytes = new Uint8Array(
      tensor.data.buffer,
      tensor.data.byteOffset,
      tensor.data.byteLength,
    );
    frame.set(bytes, offset);
    offset = padded(offset + bytes.byteLength);
  });
  return frame;
}

/**
 * Decodes a frame. Data is viewed in place when its address is aligned for its type (always,
 * for a frame in its own buffer) and copied otherwise. Throws VALIDATION_FAILED naming the
 * byte offset at fault.
 */
export function decodeTensorFrame(frame: Buffer): FrameTensor[] {
  if (frame.length < FRAME_HEADER_BYTES || frame.readUInt32LE(0) !== MAGIC) {
    throw frameError(0, 'it does not start with "USTF"');
  }
  if (frame.readUInt8(4) !== VERSION)
    throw frameError(
      4,
      `it has version ${frame.readUInt8(4)}; this agent reads version ${VERSION}`,
    );
  const count = frame.readUInt8(5);
  const tensors: FrameTensor[] = [];
  let offset = FRAME_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const { tensor, next } = readTensor(frame, offset);
    tensors.push(tensor);
    offset = next;
  }
  if (offset < frame.length)
    throw frameError(offset, `${frame.length - offset} bytes follow its ${count} tensors`);
  return tensors;
}

function readTensor(frame: Buffer, start: number): { tensor: FrameTensor; next: number } {
  need(frame, start, TENSOR_HEADER_BYTES);
  const code = frame.readUInt8(start);
  const type = typeOfCode(code);
  if (type === undefined)
    throw frameError(start, `element type code ${code} is not one this agent takes`);
  const rank = frame.readUInt8(start + 1);
  const nameBytes = frame.readUInt16LE(start + 2);
  const dataBytes = frame.readUInt32LE(start + 4);
  let offset = start + TENSOR_HEADER_BYTES;
  need(frame, offset, 4 * rank + nameBytes);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++, offset += 4) dims.push(frame.readUInt32LE(offset));
  const name = frame.toString('utf8', offset, offset + nameBytes);
  offset = padded(offset + nameBytes);
  const { bytes, array } = NUMERIC_TYPES[type];
  if (dataBytes % bytes !== 0)
    throw frameError(
      start + 4,
      `${dataBytes} data bytes is not a whole number of ${type} elements`,
    );
  need(frame, offset, dataBytes);
  const address = frame.byteOffset + offset;
  const data =
    address % bytes === 0
      ? new array(frame.buffer, address, dataBytes / bytes)
      : new array(
          new Uint8Array(frame.subarray(offset, offset + dataBytes)).buffer,
          0,
          dataBytes / bytes,
        );
  return { tensor: { name, type, dims, data }, next: padded(offset + dataBytes) };
}

function need(frame: Buffer, offset: number, bytes: number): void {
  if (offset + bytes > frame.length)
    throw frameError(offset, `it ends before the ${bytes} bytes that should follow`);
}

function frameError(offset: number, what: string): DomainError {
  const detail = `is not a valid tensor frame: ${what} (byte ${offset})`;
  return new DomainError('VALIDATION_FAILED', `1 problem in the request: /body ${detail}`, [
    { pointer: '/body', detail },
  ]);
}
