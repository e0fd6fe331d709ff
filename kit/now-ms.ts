/**
 * Now, in epoch ms with sub-ms precision: the clock client answers and kill instants are
 * taken on, so that the two compare.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
