/**
 * Profiles every variant of a built zoo (measuring accuracy on the variant's dataset when it
 * has one), one at a time so figures are not skewed by parallel work. Used by
 * `zoo register`, the tests and the benchmark.
 */
import { join } from 'node:path';
import { profileModel } from '../profile/profile-model.ts';
import type { ProfileModelOptions, ProfileReport } from '../profile/profile-model.ts';
import { variantKey } from './families-from-manifest.ts';
import type { ZooFamilyEntry, ZooManifest, ZooVariantEntry } from './zoo-manifest.ts';

export interface ProfileZooOptions {
  /** The zoo directory the manifest paths are relative to. */
  readonly dir: string;
  /** Only these family ids (default all). */
  readonly families?: readonly string[];
  /** Per-variant measurement settings; defaults as in `profileModel`. */
  readonly measure?: Pick<ProfileModelOptions, 'loads' | 'runs' | 'warmupRuns' | 'loadTimeoutMs'>;
  readonly onVariant?: (
    family: ZooFamilyEntry,
    variant: ZooVariantEntry,
    report: ProfileReport,
  ) => void;
}

/** Profile reports keyed by `variantKey(family, variant)`. */
export async function profileZoo(
  manifest: ZooManifest,
  options: ProfileZooOptions,
): Promise<Map<string, ProfileReport>> {
  const reports = new Map<string, ProfileReport>();
  for (const family of manifest.families) {
    if (options.families !== undefined && !options.families.includes(family.id)) continue;
    for (const variant of family.variants) {
      const report = await profileModel({
        ...options.measure,
        modelPath: join(options.dir, variant.file),
        variantId: variant.id,
        ...(variant.dataset !== undefined
          ? { datasetPath: join(options.dir, variant.dataset) }
          : {}),
      });
      reports.set(variantKey(family.id, variant.id), report);
      options.onVariant?.(family, variant, report);
    }
  }
  return reports;
}
