/** The benchmark's human-readable table (stderr); the JSON on stdout is the record. */
import type { ScaleResult } from './results.ts';

const COLUMNS = [
  'variant',
  'params',
  'file MiB',
  'load ms',
  'mem MiB',
  'p50 ms',
  'p99 ms',
] as const;
const WIDTHS = [36, 10, 9, 9, 9, 8, 8];

export function profileTable(scales: readonly ScaleResult[], loads: number): string {
  const lines: string[] = [];
  for (const scale of scales) {
    lines.push(
      '',
      `scale ${scale.scale}: load ms and mem MiB are medians of ${loads} cold loads (fresh process each); p50/p99 of timed batch-1 runs`,
    );
    lines.push(row(COLUMNS));
    for (const v of scale.variants) {
      lines.push(
        row([
          `${v.family}/${v.variant}`,
          String(v.parameters),
          v.fileMiB.toFixed(2),
          v.loadMs.toFixed(1),
          v.memoryMiB.toFixed(1),
          v.p50Ms.toFixed(3),
          v.p99Ms.toFixed(3),
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function row(cells: readonly string[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i] ?? 0) : cell.padStart(WIDTHS[i] ?? 0)))
    .join(' ');
}
