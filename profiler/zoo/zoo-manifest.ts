/**
 * The zoo manifest: `<zoo dir>/manifest.json`, written by `understudy zoo build` and read by
 * `zoo register`, the tests and the benchmarks. Paths inside are relative to the zoo directory
 * (POSIX separators) so a zoo can be moved or copied to another node.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';

export const ZOO_MANIFEST_FILE = 'manifest.json';
export const ZOO_MANIFEST_FORMAT = 'understudy-zoo/1';

/** Where a variant's accuracy comes from: a published figure, or known by construction. */
export type AccuracyBasis = 'published' | 'constructed';

export interface ZooVariantEntry {
  readonly id: string;
  /** The .onnx file, relative to the zoo directory. */
  readonly file: string;
  readonly sha256: string;
  readonly fileBytes: number;
  /** Trainable parameters in the generated graph. */
  readonly parameters: number;
  /** Parameters of the real model this one stands in for (stand-ins only). */
  readonly publishedParameters?: number;
  /** Top-1 accuracy, 0..1. */
  readonly accuracy: number;
  readonly accuracyBasis: AccuracyBasis;
  /** True when the weights are random and the accuracy is the real model's published one. */
  readonly standIn: boolean;
  /** Labelled dataset (JSON lines), relative to the zoo directory; measurable variants only. */
  readonly dataset?: string;
}

export interface ZooFamilyEntry {
  readonly id: string;
  readonly task: string;
  readonly description: string;
  /** Provenance of the published figures, or how the family was constructed. */
  readonly source: string;
  /** Smallest to largest. */
  readonly variants: readonly ZooVariantEntry[];
}

export interface ZooManifest {
  readonly format: typeof ZOO_MANIFEST_FORMAT;
  /** Multiplier applied to published parameter counts. */
  readonly scale: number;
  readonly families: readonly ZooFamilyEntry[];
}

/** Reads and checks `<dir>/manifest.json`. */
export async function readZooManifest(dir: string): Promise<ZooManifest> {
  const path = join(dir, ZOO_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new DomainError(
      'MANIFEST_INVALID',
      `no zoo manifest at ${path} (run \`understudy zoo build\` first)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('MANIFEST_INVALID', `${path} is not valid JSON`);
  }
  if (!isManifest(parsed)) {
    throw new DomainError('MANIFEST_INVALID', `${path} is not an ${ZOO_MANIFEST_FORMAT} manifest`);
  }
  return parsed;
}

function isManifest(value: unknown): value is ZooManifest {
  const m = value as Partial<ZooManifest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.format === ZOO_MANIFEST_FORMAT &&
    typeof m.scale === 'number' &&
    Array.isArray(m.families) &&
    m.families.every(
      (f: Partial<ZooFamilyEntry>) =>
        typeof f.id === 'string' && Array.isArray(f.variants) && f.variants.every(isVariant),
    )
  );
}

function isVariant(value: unknown): boolean {
  const v = value as Partial<ZooVariantEntry> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.file === 'string' &&
    typeof v.sha256 === 'string' &&
    typeof v.accuracy === 'number' &&
    typeof v.standIn === 'boolean'
  );
}
