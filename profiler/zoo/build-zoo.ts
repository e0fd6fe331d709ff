/**
 * Writes every zoo family to a directory: `<family>/<variant>.onnx`, the measurable variants'
 * `<family>/<variant>.jsonl` datasets, and `manifest.json`. Output is byte-for-byte
 * deterministic for a given scale: weights come from seeded generators, the manifest holds no
 * timestamps or absolute paths.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeModelChunks } from '../onnx/encode-model.ts';
import { ZOO_FAMILIES } from './zoo-families.ts';
import type { ZooFamilyDefinition, ZooVariantDefinition } from './zoo-families.ts';
import { ZOO_MANIFEST_FILE, ZOO_MANIFEST_FORMAT } from './zoo-manifest.ts';
import type { ZooFamilyEntry, ZooManifest, ZooVariantEntry } from './zoo-manifest.ts';

/** The default scale: the whole zoo is ~32 MB and each model runs in about a millisecond. */
export const DEFAULT_ZOO_SCALE = 0.02;

export interface BuildZooOptions {
  /** Directory to write into; created if missing. Existing zoo files are overwritten. */
  readonly dir: string;
  /** Multiplier on published parameter counts (default `DEFAULT_ZOO_SCALE`). 0.19 makes the largest model ~50 MB. */
  readonly scale?: number;
  /** Called after each variant is written, e.g. to show progress. */
  readonly onVariant?: (familyId: string, variant: ZooVariantEntry) => void;
}

export async function buildZoo(options: BuildZooOptions): Promise<ZooManifest> {
  const scale = options.scale ?? DEFAULT_ZOO_SCALE;
  const families: ZooFamilyEntry[] = [];
  for (const family of ZOO_FAMILIES)
    families.push(await buildFamily(family, options.dir, scale, options.onVariant));
  const manifest: ZooManifest = { format: ZOO_MANIFEST_FORMAT, scale, families };
  await writeFile(join(options.dir, ZOO_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function buildFamily(
  family: ZooFamilyDefinition,
  dir: string,
  scale: number,
  onVariant: BuildZooOptions['onVariant'],
): Promise<ZooFamilyEntry> {
  await mkdir(join(dir, family.id), { recursive: true });
  const variants: ZooVariantEntry[] = [];
  for (const definition of family.variants) {
    const entry = await writeVariant(family.id, definition, dir, scale);
    variants.push(entry);
    onVariant?.(family.id, entry);
  }
  const { id, task, description, source } = family;
  return { id, task, description, source, variants };
}

async function writeVariant(
  familyId: string,
  definition: ZooVariantDefinition,
  dir: string,
  scale: number,
): Promise<ZooVariantEntry> {
  const built = definition.build(scale);
  const file = `${familyId}/${definition.id}.onnx`;
  const chunks = encodeModelChunks(built.model);
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  await writeFile(join(dir, file), chunks);
  let dataset: string | undefined;
  if (built.datasetJsonl !== undefined) {
    dataset = `${familyId}/${definition.id}.jsonl`;
    await writeFile(join(dir, dataset), built.datasetJsonl);
  }
  return {
    id: definition.id,
    file,
    sha256: hash.digest('hex'),
    fileBytes: chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0),
    parameters: built.parameters,
    ...(built.publishedParameters !== undefined
      ? { publishedParameters: built.publishedParameters }
      : {}),
    accuracy: built.accuracy,
    accuracyBasis: built.accuracyBasis,
    standIn: built.standIn,
    ...(dataset !== undefined ? { dataset } : {}),
  };
}
