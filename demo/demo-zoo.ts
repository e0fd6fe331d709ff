/**
 * The demo's models: the zoo's three image families written to a directory at the default
 * scale and profiled quickly (one cold load per variant: the demo needs plausible figures,
 * not a benchmark's medians).
 */
import { resolve } from 'node:path';
import { buildZoo } from '../profiler/zoo/build-zoo.ts';
import { familiesFromManifest } from '../profiler/zoo/families-from-manifest.ts';
import { profileZoo } from '../profiler/zoo/profile-zoo.ts';
import type { ZooManifest } from '../profiler/zoo/zoo-manifest.ts';
import type { ModelFamily, TensorSpec } from '../profiler/variant.ts';

/** The families the demo's applications use. */
export const DEMO_FAMILIES = ['resnet-like', 'efficientnet-like', 'mobilenet-like'] as const;

export interface DemoZoo {
  readonly families: readonly ModelFamily[];
  /** Accuracy (0..1) of a variant, from the family as registered. */
  accuracy(family: string, variant: string): number | undefined;
  /** A JSON inference body that every variant of the family accepts. */
  inputBody(family: string): string;
}

export interface PrepareDemoZooOptions {
  /** Directory to write the models into. */
  dir: string;
  /** Stops building and profiling after the variant under way. */
  signal?: AbortSignal;
}

export async function prepareDemoZoo(options: PrepareDemoZooOptions): Promise<DemoZoo> {
  const stopIfAborted = () => options.signal?.throwIfAborted();
  const built = await buildZoo({ dir: options.dir, onVariant: stopIfAborted });
  const manifest: ZooManifest = {
    ...built,
    families: built.families.filter((family) =>
      (DEMO_FAMILIES as readonly string[]).includes(family.id),
    ),
  };
  const reports = await profileZoo(manifest, {
    dir: options.dir,
    measure: { loads: 1, runs: 20, warmupRuns: 3 },
    onVariant: stopIfAborted,
  });
  const profiles = new Map([...reports].map(([key, report]) => [key, report.variant]));
  const families = familiesFromManifest(manifest, profiles, {
    locationBase: resolve(options.dir),
  });
  return demoZoo(families);
}

/** Lookups over registered families. */
export function demoZoo(families: readonly ModelFamily[]): DemoZoo {
  const family = (id: string) => families.find((candidate) => candidate.id === id);
  const bodies = new Map<string, string>();
  return {
    families,
    accuracy: (familyId, variantId) =>
      family(familyId)?.variants.find((variant) => variant.id === variantId)?.accuracy,
    inputBody: (familyId) => {
      const known = bodies.get(familyId);
      if (known !== undefined) return known;
      const inputs = family(familyId)?.variants[0]?.signature.inputs;
      if (inputs === undefined) throw new Error(`no family ${familyId} in the demo zoo`);
      const body = JSON.stringify({ inputs: Object.fromEntries(inputs.map(constantTensor)) });
      bodies.set(familyId, body);
      return body;
    },
  };
}

/** A tensor of the input's shape (dynamic dimensions as 1) filled with 0.5. */
function constantTensor(input: TensorSpec): [string, unknown] {
  const dims = input.dims.map((dim) => (typeof dim === 'number' && dim > 0 ? dim : 1));
  const count = dims.reduce((product, dim) => product * dim, 1);
  return [input.name, { type: input.type, dims, data: new Array<number>(count).fill(0.5) }];
}
