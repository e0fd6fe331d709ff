/**
 * Deterministic pseudo-random numbers for the zoo: the same seed string yields the same bytes on
 * every machine and every build, which is what makes `zoo build` reproducible (same sha256).
 * Each tensor is seeded from its own name, so adding a layer does not reshuffle the others.
 */

/** FNV-1a, 32-bit (http://www.isthe.com/chongo/tech/comp/fnv/): a stable hash of the seed string. */
export function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(seed)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a tiny 32-bit generator with a full 2^32 period,
 * plenty for weights that only need to be deterministic and not degenerate.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    this.state = hashSeed(seed);
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }
}

/** `count` float32 values uniform in [-bound, bound), as little-endian bytes (ONNX raw_data). */
export function uniformFloat32Bytes(seed: string, count: number, bound: number): Uint8Array {
  const random = new SeededRandom(seed);
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) view.setFloat32(i * 4, (random.next() * 2 - 1) * bound, true);
  return bytes;
}

/** Little-endian bytes of the given float32 values. */
export function float32Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}

/** Float32 values from little-endian bytes (the inverse of `float32Bytes`). */
export function float32FromBytes(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) =>
    view.getFloat32(i * 4, true),
  );
}
