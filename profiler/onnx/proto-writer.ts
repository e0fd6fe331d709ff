/**
 * A minimal protocol-buffers wire-format writer (https://protobuf.dev/programming-guides/encoding/):
 * varints, 64-bit/32-bit fixed values, and length-delimited fields. Nested messages are kept as
 * chunk lists rather than copied into their parent, so a 200 MB tensor is copied once, when the
 * outermost message is finished.
 */

/** Protobuf wire types (encoding guide, "Message Structure"). */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

const SCRATCH_BYTES = 4096;

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private scratch: Uint8Array | undefined;
  private scratchUsed = 0;
  private flushedBytes = 0;

  /** Total encoded size in bytes so far. */
  get byteLength(): number {
    return this.flushedBytes + this.scratchUsed;
  }

  /** Writes an unsigned varint; negative int64 values are written as 10-byte two's complement. */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff) {
      let n = value;
      while (n >= 0x80) {
        this.byte((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      return this.byte(n);
    }
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < 0x80n) return this.byte(Number(v));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    return this.byte(Number(v));
  }

  /** Writes a field key: (field_number << 3) | wire_type. */
  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** A varint field (int32, int64, enum, bool). */
  uint(field: number, value: number | bigint): this {
    return this.tag(field, WireType.varint).varint(value);
  }

  /** A 32-bit float field, little-endian. */
  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.tag(field, WireType.fixed32).raw(bytes);
  }

  /** A length-delimited bytes field; `bytes` is kept by reference, not copied. */
  bytes(field: number, bytes: Uint8Array): this {
    this.tag(field, WireType.lengthDelimited).varint(bytes.byteLength);
    return this.raw(bytes);
  }

  /** A length-delimited UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A length-delimited embedded message; its chunks are moved into this writer. */
  message(field: number, child: ProtoWriter): this {
    this.tag(field, WireType.lengthDelimited).varint(child.byteLength);
    for (const chunk of child.toChunks()) this.raw(chunk);
    return this;
  }

  /** The encoded message as chunks, in order (no copy of large payloads). */
  toChunks(): Uint8Array[] {
    this.flushScratch();
    return this.chunks;
  }

  /** The encoded message as one contiguous buffer. */
  finish(): Uint8Array {
    return Buffer.concat(this.toChunks());
  }

  private byte(value: number): this {
    if (this.scratch === undefined || this.scratchUsed === this.scratch.byteLength) {
      this.flushScratch();
      this.scratch = new Uint8Array(SCRATCH_BYTES);
    }
    this.scratch[this.scratchUsed++] = value;
    return this;
  }

  private raw(bytes: Uint8Array): this {
    if (bytes.byteLength <= 64) {
      for (const b of bytes) this.byte(b);
      return this;
    }
    this.flushScratch();
    this.chunks.push(bytes);
    this.flushedBytes += bytes.byteLength;
    return this;
  }

  private flushScratch(): void {
    if (this.scratch === undefined || this.scratchUsed === 0) return;
    this.chunks.push(this.scratch.subarray(0, this.scratchUsed));
    this.flushedBytes += this.scratchUsed;
    this.scratch = undefined;
    this.scratchUsed = 0;
  }
}
