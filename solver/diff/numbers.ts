/**
 * Rounding for the diff's figures. Differences of JSON numbers carry binary noise
 * (0.76 − 0.75 = 0.010000000000000009); reports and snapshots should not.
 */

/** Fractions (accuracy) to 6 decimals: 0.0001 pt is far below any measured difference. */
export function roundFraction(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Milliseconds and MiB to 3 decimals. */
export function roundMeasure(value: number): number {
  return Math.round(value * 1e3) / 1e3;
}

/** `after − before`, or null when either side is missing. */
export function deltaOrNull(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}
