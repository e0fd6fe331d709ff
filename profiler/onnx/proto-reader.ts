/**
 * Walks the top-level fields of a protocol-buffers message without decoding their contents
 * (https://protobuf.dev/programming-guides/encoding/). Enough to tell an ONNX file from
 * something else and to find where a truncated file ends, without a protobuf library.
 */
import { WireType } from './proto-writer.ts';

export interface ProtoField {
  readonly field: number;
  readonly wireType: number;
  /** Varint value (wire type 0). */
  readonly value?: bigint;
  /** Payload bounds for length-delimited fields (wire type 2). */
  readonly start?: number;
  readonly end?: number;
}

/** Why a walk stopped early: the bytes end inside a field, or are not protobuf at all. */
export class ProtoWalkError extends Error {
  constructor(
    readonly reason: 'truncated' | 'malformed',
    readonly offset: number,
  ) {
    super(`${reason} protobuf at byte ${offset}`);
  }
}

/** Calls `visit` for each field of the message in `bytes[start, end)`; throws `ProtoWalkError`. */
export function walkFields(
  bytes: Uint8Array,
  visit: (field: ProtoField) => void,
  start = 0,
  end = bytes.byteLength,
): void {
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    const [key, afterKey] = readVarint(bytes, pos, end);
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new ProtoWalkError('malformed', fieldStart);
    pos = afterKey;
    if (wireType === WireType.varint) {
      const [value, next] = readVarint(bytes, pos, end);
      pos = next;
      visit({ field, wireType, value });
    } else if (wireType === WireType.fixed64 || wireType === WireType.fixed32) {
      pos += wireType === WireType.fixed64 ? 8 : 4;
      if (pos > end) throw new ProtoWalkError('truncated', fieldStart);
      visit({ field, wireType });
    } else if (wireType === WireType.lengthDelimited) {
      const [length, payloadStart] = readVarint(bytes, pos, end);
      const payloadEnd = payloadStart + Number(length);
      if (payloadEnd > end) throw new ProtoWalkError('truncated', fieldStart);
      pos = payloadEnd;
      visit({ field, wireType, start: payloadStart, end: payloadEnd });
    } else {
      // Groups (3, 4) are not used by ONNX; 6 and 7 do not exist.
      throw new ProtoWalkError('malformed', fieldStart);
    }
  }
}

/** The varints of a packed repeated field's payload, `bytes[start, end)`; throws `ProtoWalkError`. */
export function readPackedVarints(bytes: Uint8Array, start = 0, end = bytes.byteLength): bigint[] {
  const values: bigint[] = [];
  for (let pos = start; pos < end;) {
    const [value, next] = readVarint(bytes, pos, end);
    values.push(value);
    pos = next;
  }
  return values;
}

function readVarint(bytes: Uint8Array, start: number, end: number): [bigint, number] {
  let value = 0n;
  for (let pos = start, shift = 0n; shift < 70n; pos++, shift += 7n) {
    if (pos >= end) throw new ProtoWalkError('truncated', start);
    const byte = bytes[pos] as number;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, pos + 1];
  }
  throw new ProtoWalkError('malformed', start);
}
