import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { profileModel } from '../../../profiler/profile/profile-model.ts';
import type { ProfileReport } from '../../../profiler/profile/profile-model.ts';
import { buildZoo } from '../../../profiler/zoo/build-zoo.ts';
import { profileZoo } from '../../../profiler/zoo/profile-zoo.ts';
import type { ZooManifest } from '../../../profiler/zoo/zoo-manifest.ts';
import { writeMultiIoModel } from '../support/fixture-models.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

let dir: string | undefined;
let manifest: ZooManifest;
let reports: Map<string, ProfileReport>;

beforeAll(async () => {
  dir = await makeTempDir('profile');
  manifest = await buildZoo({ dir });
  // One cold load per variant is enough for sanity; ordering is checked below with medians.
  reports = await profileZoo(manifest, { dir, measure: { loads: 1, runs: 20, warmupRuns: 3 } });
});
afterAll(() => removeTempDir(dir));

const report = (key: string): ProfileReport => {
  const found = reports.get(key);
  if (found === undefined) throw new Error(`no report for ${key}`);
  return found;
};

describe('Profiler', () => {
  describe('when profiling every variant of the default zoo', () => {
    it('reports sane figures for each', () => {
      for (const family of manifest.families) {
        for (const entry of family.variants) {
          const { variant, warnings } = report(`${family.id}/${entry.id}`);
          expect(variant).toMatchObject({
            id: entry.id,
            sha256: entry.sha256,
            fileBytes: entry.fileBytes,
            location: join(dir as string, entry.file),
          });
          expect(variant.loadMs).toBeGreaterThan(0);
          expect(variant.memoryMiB).toBeGreaterThan(0);
          expect(variant.latencyMs.p50).toBeGreaterThan(0);
          expect(variant.latencyMs.p50).toBeLessThanOrEqual(variant.latencyMs.p95);
          expect(variant.latencyMs.p95).toBeLessThanOrEqual(variant.latencyMs.p99);
          expect(variant.throughputPerSec).toBeGreaterThan(0);
          expect(warnings).toEqual([]);
        }
      }
    });

    it('reports the stand-ins as such, with their published accuracy', () => {
      expect(report('resnet-like/resnet50').variant).toMatchObject({
        accuracy: 0.7613,
        accuracySource: 'published',
        standIn: true,
      });
      expect(report('resnet-like/resnet50').variant.signature).toEqual({
        inputs: [{ name: 'image', type: 'float32', dims: [1, 3, 32, 32] }],
        outputs: [{ name: 'logits', type: 'float32', dims: [1, 10] }],
      });
    });

    it('measures exactly the constructed accuracy of the linear probes', () => {
      for (const entry of manifest.families.find((f) => f.id === 'linear-probe')?.variants ?? []) {
        expect(report(`linear-probe/${entry.id}`).variant).toMatchObject({
          accuracy: entry.accuracy,
          accuracySource: 'measured',
          standIn: false,
        });
      }
    });
  });

  describe('when one variant of a family is several times the size of another', () => {
    // Pairs at least 4× apart in parameters, each the median of 5 cold loads, so the order
    // cannot flip on a busy 2-core machine.
    const pairs = [
      ['resnet-like', 'resnet18', 'resnet152'],
      ['efficientnet-like', 'efficientnet_b0', 'efficientnet_b7'],
    ] as const;
    for (const [familyId, small, large] of pairs) {
      it(`measures more memory and a longer load for ${large} than for ${small}`, async () => {
        const measure = (id: string) =>
          profileModel({
            modelPath: join(dir as string, familyId, `${id}.onnx`),
            loads: 5,
            runs: 5,
            warmupRuns: 1,
          });
        const smaller = (await measure(small)).variant;
        const larger = (await measure(large)).variant;
        expect(larger.memoryMiB).toBeGreaterThan(smaller.memoryMiB * 1.5);
        expect(larger.loadMs).toBeGreaterThan(smaller.loadMs);
      });
    }
  });

  describe('when a model has several non-float inputs and outputs with a dynamic batch', () => {
    it('reports the signature and says the batch was defaulted to 1', async () => {
      const modelPath = await writeMultiIoModel(dir as string);
      const { variant, warnings } = await profileModel({
        modelPath,
        loads: 1,
        runs: 5,
        warmupRuns: 1,
      });
      expect(variant.signature).toEqual({
        inputs: [
          { name: 'ids', type: 'int64', dims: ['batch', 4] },
          { name: 'mask', type: 'bool', dims: ['batch', 4] },
          { name: 'gain', type: 'float32', dims: ['batch', 1] },
        ],
        outputs: [
          { name: 'scores', type: 'float32', dims: ['batch', 3] },
          { name: 'best', type: 'int64', dims: ['batch'] },
        ],
      });
      expect(variant).toMatchObject({ id: 'multi-io', standIn: false });
      expect(variant.accuracy).toBeUndefined();
      expect(warnings).toEqual([
        'dynamic dimension batch defaulted to 1 (set it with --input ids=DIMS)',
        'accuracy unknown: give --dataset FILE or --accuracy X (the API needs an accuracy to register the variant)',
      ]);
    });

    it('runs at the batch size one input sets for all of them', async () => {
      const modelPath = await writeMultiIoModel(dir as string);
      const { warnings } = await profileModel({
        modelPath,
        inputShapes: new Map([['mask', [4, 4]]]),
        suppliedAccuracy: 0.5,
        loads: 1,
        runs: 5,
        warmupRuns: 1,
      });
      expect(warnings).toEqual([]);
    });
  });
});
