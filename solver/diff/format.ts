/**
 * How the diff's figures read in text: the one-line summary and the Markdown and HTML reports
 * all word numbers the same way. ASCII signs, so a report pastes cleanly into any chat.
 */

/** `v3`; version 0 is "no plan" as the older side and "preview" as the newer one. */
export function versionLabel(version: number, side: 'from' | 'to'): string {
  if (version > 0) return `v${version}`;
  return side === 'from' ? 'no plan' : 'preview';
}

/** An accuracy fraction as a percentage: 0.7612 → `76.12 %`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

/** An accuracy difference in percentage points: 0.012 → `+1.20 pt`. */
export function formatPoints(delta: number): string {
  return `${signOf(delta)}${Math.abs(delta * 100).toFixed(2)} pt`;
}

/** A duration: `140 ms`, `1.02 s` from one second on. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${trim(ms / 1000, 2)} s`;
  return `${trim(ms, 1)} ms`;
}

export function formatDeltaMs(ms: number): string {
  return `${signOf(ms)}${formatMs(Math.abs(ms))}`;
}

export function formatMiB(mib: number): string {
  return `${trim(mib, 1)} MiB`;
}

export function formatDeltaMiB(mib: number): string {
  return `${signOf(mib)}${formatMiB(Math.abs(mib))}`;
}

/** `1 load`, `3 loads`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function signOf(value: number): string {
  if (value > 0) return '+';
  return value < 0 ? '-' : '±';
}

/** At most `digits` decimals, without trailing zeros: 12.0 → `12`, 12.25 → `12.3`. */
function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}
