/**
 * The benchmark's models: the zoo written once at the chosen scale, and what a round needs from
 * it — model refs for the hand-made plans, the family documents for the desired state, and the
 * memory figures sized to the models actually used.
 *
 * Memory: agents budget each session at its *declared* `memoryMiB` (agents/memory-budget.ts;
 * measured RSS is reported, not budgeted), so the declared figure must cover a real session.
 * It is one figure for every variant (the hand-made plans and the desired state agree on it):
 * twice the largest model file used, rounded up to 8 MiB, at least 8 MiB. Each agent gets room
 * for {@link SESSIONS_PER_NODE} such sessions: edge-a holds six primaries; after re-protection
 * a survivor holds three primaries and three understudies, with slack for a progressive
 * failover's first steps loaded beside the planned variants.
 */
import { join } from 'node:path';
import type { components } from '../../openapi/types.ts';
import { buildZoo } from '../../profiler/zoo/build-zoo.ts';
import type { ZooManifest, ZooVariantEntry } from '../../profiler/zoo/zoo-manifest.ts';
import type { AppSpec } from './hand-made-plan.ts';

type Schemas = components['schemas'];

/** Sessions' worth of memory each agent gets (`--memory-mib` = this × `modelMiB`). */
export const SESSIONS_PER_NODE = 8;
const MIN_MODEL_MIB = 8;
const BYTES_PER_MIB = 1024 * 1024;

export interface BenchZoo {
  /** The zoo scale (multiplier on published parameter counts). */
  readonly scale: number;
  /** Declared memory of every session, in MiB. */
  readonly modelMiB: number;
  /** Each agent's `--memory-mib`. */
  readonly nodeMemoryMiB: number;
  /** The largest model file the apps use. */
  readonly largestUsed: { model: string; fileBytes: number };
  /** The largest model file in the zoo (not necessarily used). */
  readonly largestInZoo: { model: string; fileBytes: number };
  ref(family: string, variant: string): Schemas['ModelRef'];
  accuracy(family: string, variant: string): number | null;
  /** The variant as registered in the desired state (figures declared, see `declaredFigures`). */
  variantInput(family: string, variant: string): Schemas['Variant'];
  task(family: string): string;
}

/** Builds the zoo under `dir` at `scale` and sizes the memory figures to `apps`' models. */
export async function prepareBenchZoo(options: {
  dir: string;
  scale: number | undefined;
  apps: readonly AppSpec[];
}): Promise<BenchZoo> {
  const manifest = await buildZoo({
    dir: options.dir,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  });
  const entryOf = (family: string, variant: string) => variantEntry(manifest, family, variant);
  const used = options.apps.flatMap((app) =>
    [app.primaryVariant, app.smallVariant].map((variant) => ({
      model: `${app.family}/${variant}`,
      fileBytes: entryOf(app.family, variant).fileBytes,
    })),
  );
  const all = manifest.families.flatMap((family) =>
    family.variants.map((variant) => ({
      model: `${family.id}/${variant.id}`,
      fileBytes: variant.fileBytes,
    })),
  );
  const largestUsed = largest(used);
  const modelMiB = Math.max(
    MIN_MODEL_MIB,
    Math.ceil((2 * largestUsed.fileBytes) / BYTES_PER_MIB / 8) * 8,
  );
  return {
    scale: manifest.scale,
    modelMiB,
    nodeMemoryMiB: SESSIONS_PER_NODE * modelMiB,
    largestUsed,
    largestInZoo: largest(all),
    ref: (family, variant) => {
      const entry = entryOf(family, variant);
      return {
        family,
        variant,
        location: join(options.dir, entry.file),
        sha256: entry.sha256,
        memoryMiB: modelMiB,
      };
    },
    accuracy: (family, variant) => entryOf(family, variant).accuracy,
    variantInput: (family, variant) => {
      const entry = entryOf(family, variant);
      return {
        id: variant,
        location: join(options.dir, entry.file),
        sha256: entry.sha256,
        fileBytes: entry.fileBytes,
        accuracy: entry.accuracy,
        accuracySource: entry.accuracyBasis === 'published' ? 'published' : 'supplied',
        standIn: entry.standIn,
        memoryMiB: modelMiB,
        ...declaredFigures(entry.fileBytes),
      };
    },
    task: (family) => {
      const entry = manifest.families.find((candidate) => candidate.id === family);
      if (entry === undefined) throw new Error(`no zoo family ${family}`);
      return entry.task;
    },
  };
}

/**
 * Load time and latency declared for the planner: plausible figures from the file size, not
 * measured (10 ms + 4 ms per MiB to load; p50 1 ms + 0.2 ms per MiB, p99 twice that). They
 * only steer the solver's recovery estimates, which the SLOs leave ample room for.
 */
export function declaredFigures(fileBytes: number): {
  loadMs: number;
  latencyMs: { p50: number; p99: number };
} {
  const mib = fileBytes / BYTES_PER_MIB;
  const p50 = Math.round((1 + 0.2 * mib) * 100) / 100;
  return { loadMs: Math.round(10 + 4 * mib), latencyMs: { p50, p99: 2 * p50 } };
}

function variantEntry(manifest: ZooManifest, family: string, variant: string): ZooVariantEntry {
  const entry = manifest.families
    .find((candidate) => candidate.id === family)
    ?.variants.find((candidate) => candidate.id === variant);
  if (entry === undefined) throw new Error(`no zoo variant ${family}/${variant}`);
  return entry;
}

function largest<T extends { fileBytes: number }>(items: readonly T[]): T {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('no models');
  return rest.reduce((best, item) => (item.fileBytes > best.fileBytes ? item : best), first);
}
