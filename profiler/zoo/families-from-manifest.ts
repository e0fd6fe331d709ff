/**
 * Turns a zoo manifest plus the profile of each variant into the model families to PUT to the
 * planner API. Pure: no I/O. Identity, file digest and stand-in status come from the manifest;
 * measured figures from the profile. Accuracy is the profile's when it was measured on the
 * variant's dataset, else the manifest's (published, or known by construction → 'supplied').
 */
import { DomainError } from '../../core/errors.ts';
import type { AccuracySource, ModelFamily, Variant } from '../variant.ts';
import type { ZooManifest, ZooVariantEntry } from './zoo-manifest.ts';

export interface FamiliesFromManifestOptions {
  /**
   * Where agents will find the zoo: an absolute directory or an http(s) URL prefix; each
   * variant's location is this joined with its manifest path.
   */
  readonly locationBase: string;
}

/** The key of a variant in a profiles map. */
export function variantKey(familyId: string, variantId: string): string {
  return `${familyId}/${variantId}`;
}

export function familiesFromManifest(
  manifest: ZooManifest,
  profiles: ReadonlyMap<string, Variant>,
  options: FamiliesFromManifestOptions,
): ModelFamily[] {
  return manifest.families.map((family) => ({
    id: family.id,
    task: family.task,
    description: family.description,
    variants: family.variants.map((entry) => {
      const profile = profiles.get(variantKey(family.id, entry.id));
      if (profile === undefined)
        throw new DomainError(
          'MANIFEST_INVALID',
          `no profile for ${variantKey(family.id, entry.id)}`,
        );
      return mergeVariant(entry, profile, options.locationBase);
    }),
  }));
}

function mergeVariant(entry: ZooVariantEntry, profile: Variant, locationBase: string): Variant {
  const measured = profile.accuracySource === 'measured' && profile.accuracy !== undefined;
  const accuracySource: AccuracySource = measured
    ? 'measured'
    : entry.accuracyBasis === 'published'
      ? 'published'
      : 'supplied';
  return {
    id: entry.id,
    location: joinLocation(locationBase, entry.file),
    sha256: entry.sha256,
    fileBytes: entry.fileBytes,
    accuracy: measured ? (profile.accuracy as number) : entry.accuracy,
    accuracySource,
    standIn: entry.standIn,
    memoryMiB: profile.memoryMiB,
    loadMs: profile.loadMs,
    latencyMs: profile.latencyMs,
    throughputPerSec: profile.throughputPerSec,
    signature: profile.signature,
  };
}

function joinLocation(base: string, file: string): string {
  return `${base.replace(/\/+$/, '')}/${file}`;
}
