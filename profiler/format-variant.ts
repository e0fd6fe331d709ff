/** A profiled variant as the few lines `understudy profile` prints without `--json`. */
import type { TensorSpec, Variant } from './variant.ts';

export interface FormatSettings {
  readonly loads: number;
  readonly runs: number;
  readonly warmupRuns: number;
}

export function formatVariantText(variant: Variant, settings: FormatSettings): string {
  const { p50, p95, p99 } = variant.latencyMs;
  const lines = [
    `${variant.id}  ${variant.location}`,
    `  file        ${(variant.fileBytes / 2 ** 20).toFixed(2)} MiB  sha256 ${variant.sha256}`,
    `  load        ${variant.loadMs.toFixed(2)} ms  (median of ${settings.loads} cold load${settings.loads === 1 ? '' : 's'}, each in a fresh process)`,
    `  memory      ${variant.memoryMiB.toFixed(2)} MiB  (resident memory the session adds, median)`,
    `  latency     p50 ${p50.toFixed(3)} ms  p95 ${p95.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms  (batch 1, ${settings.runs} runs after ${settings.warmupRuns} warm-up)`,
    `  throughput  ${variant.throughputPerSec.toFixed(1)} inferences/s  (sequential, batch 1)`,
    `  accuracy    ${formatAccuracy(variant)}`,
    ...variant.signature.inputs.map(
      (spec, i) => `  ${i === 0 ? 'inputs ' : '       '}     ${formatSpec(spec)}`,
    ),
    ...variant.signature.outputs.map(
      (spec, i) => `  ${i === 0 ? 'outputs' : '       '}     ${formatSpec(spec)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function formatAccuracy(variant: Variant): string {
  if (variant.accuracy === undefined) return 'unknown (give --dataset FILE or --accuracy X)';
  const standIn = variant.standIn ? ', stand-in model: random weights' : '';
  return `${variant.accuracy} (${variant.accuracySource ?? 'unknown source'}${standIn})`;
}

function formatSpec(spec: TensorSpec): string {
  return `${spec.name} ${spec.type} [${spec.dims.join(',')}]`;
}
