import { describe, expect, it } from 'vitest';
import { familiesFromManifest, variantKey } from '../../../profiler/zoo/families-from-manifest.ts';
import type { ZooManifest, ZooVariantEntry } from '../../../profiler/zoo/zoo-manifest.ts';
import type { Variant } from '../../../profiler/variant.ts';

function entry(id: string, overrides: Partial<ZooVariantEntry> = {}): ZooVariantEntry {
  return {
    id,
    file: `fam/${id}.onnx`,
    sha256: 'a'.repeat(64),
    fileBytes: 1000,
    parameters: 250,
    accuracy: 0.7,
    accuracyBasis: 'published',
    standIn: true,
    ...overrides,
  };
}

function profiled(id: string, overrides: Partial<Variant> = {}): Variant {
  return {
    id,
    location: `/elsewhere/${id}.onnx`,
    sha256: 'b'.repeat(64),
    fileBytes: 1000,
    standIn: false,
    memoryMiB: 5,
    loadMs: 12,
    latencyMs: { p50: 1, p95: 2, p99: 3 },
    throughputPerSec: 900,
    signature: {
      inputs: [{ name: 'x', type: 'float32', dims: [1, 2] }],
      outputs: [{ name: 'y', type: 'float32', dims: [1, 3] }],
    },
    ...overrides,
  };
}

const manifest = (variants: ZooVariantEntry[]): ZooManifest => ({
  format: 'understudy-zoo/1',
  scale: 0.02,
  families: [{ id: 'fam', task: 'image-classification', description: 'd', source: 's', variants }],
});

describe('familiesFromManifest', () => {
  describe('when a stand-in was profiled', () => {
    it('takes identity and accuracy from the manifest and figures from the profile', () => {
      const profiles = new Map([
        [
          variantKey('fam', 'small'),
          profiled('small', { accuracy: 0.7, accuracySource: 'published' }),
        ],
      ]);
      const [family] = familiesFromManifest(manifest([entry('small')]), profiles, {
        locationBase: '/zoo/',
      });
      expect(family).toEqual({
        id: 'fam',
        task: 'image-classification',
        description: 'd',
        variants: [
          {
            ...profiled('small'),
            location: '/zoo/fam/small.onnx',
            sha256: 'a'.repeat(64),
            accuracy: 0.7,
            accuracySource: 'published',
            standIn: true,
          },
        ],
      });
    });
  });

  describe('when accuracy was measured on the variant dataset', () => {
    it('reports the measured figure', () => {
      const e = entry('probe', {
        accuracy: 0.9,
        accuracyBasis: 'constructed',
        standIn: false,
        dataset: 'fam/probe.jsonl',
      });
      const profiles = new Map([
        [
          variantKey('fam', 'probe'),
          profiled('probe', { accuracy: 0.9, accuracySource: 'measured' }),
        ],
      ]);
      const [family] = familiesFromManifest(manifest([e]), profiles, {
        locationBase: 'http://files.local/zoo',
      });
      expect(family?.variants[0]).toMatchObject({
        accuracy: 0.9,
        accuracySource: 'measured',
        location: 'http://files.local/zoo/fam/probe.onnx',
      });
    });
  });

  describe('when a constructed accuracy was not measured', () => {
    it('reports it as supplied', () => {
      const e = entry('probe', { accuracy: 0.9, accuracyBasis: 'constructed', standIn: false });
      const profiles = new Map([[variantKey('fam', 'probe'), profiled('probe')]]);
      expect(
        familiesFromManifest(manifest([e]), profiles, { locationBase: '/z' })[0]?.variants[0],
      ).toMatchObject({ accuracy: 0.9, accuracySource: 'supplied' });
    });
  });

  describe('when a variant has no profile', () => {
    it('refuses, naming the variant', () => {
      expect(() =>
        familiesFromManifest(manifest([entry('small')]), new Map(), { locationBase: '/z' }),
      ).toThrow('no profile for fam/small');
    });
  });
});
