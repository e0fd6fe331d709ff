import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildZoo, DEFAULT_ZOO_SCALE } from '../../../profiler/zoo/build-zoo.ts';
import {
  PUBLISHED_EFFICIENTNET,
  PUBLISHED_MOBILENET,
  PUBLISHED_RESNET,
} from '../../../profiler/zoo/published-catalog.ts';
import { readZooManifest } from '../../../profiler/zoo/zoo-manifest.ts';
import type { ZooManifest } from '../../../profiler/zoo/zoo-manifest.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

let first: string | undefined;
let second: string | undefined;
let manifest: ZooManifest;

beforeAll(async () => {
  first = await makeTempDir('zoo-a');
  second = await makeTempDir('zoo-b');
  manifest = await buildZoo({ dir: first });
  await buildZoo({ dir: second });
});
afterAll(async () => {
  await removeTempDir(first);
  await removeTempDir(second);
});

const sha256Of = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const variants = (familyId: string) =>
  manifest.families.find((f) => f.id === familyId)?.variants ?? [];

describe('buildZoo', () => {
  describe('when the default zoo is built twice', () => {
    it('writes the same manifest', async () => {
      expect(await readFile(join(second as string, 'manifest.json'), 'utf8')).toBe(
        await readFile(join(first as string, 'manifest.json'), 'utf8'),
      );
    });

    it('writes files whose sha256 is the one in the manifest, in both builds', async () => {
      for (const family of manifest.families) {
        for (const v of family.variants) {
          expect(await sha256Of(join(first as string, v.file))).toBe(v.sha256);
          expect(await sha256Of(join(second as string, v.file))).toBe(v.sha256);
        }
      }
    });
  });

  describe('when the manifest is read back', () => {
    it('holds the four families, their variants smallest first, at the default scale', async () => {
      const read = await readZooManifest(first as string);
      expect(read).toEqual(manifest);
      expect(read.scale).toBe(DEFAULT_ZOO_SCALE);
      expect(read.families.map((f) => [f.id, f.variants.map((v) => v.id)])).toEqual([
        ['resnet-like', PUBLISHED_RESNET.map((p) => p.variant)],
        ['efficientnet-like', PUBLISHED_EFFICIENTNET.map((p) => p.variant)],
        ['mobilenet-like', PUBLISHED_MOBILENET.map((p) => p.variant)],
        ['linear-probe', ['probe_small', 'probe_medium', 'probe_large']],
      ]);
    });
  });

  describe('when stand-ins are sized', () => {
    it('gives each the published parameter count times the scale, within 0.1 %', () => {
      for (const family of manifest.families.filter((f) => f.id !== 'linear-probe')) {
        for (const v of family.variants) {
          const target = Math.round((v.publishedParameters as number) * DEFAULT_ZOO_SCALE);
          expect(v.parameters).toBeLessThanOrEqual(target);
          expect((target - v.parameters) / target).toBeLessThan(0.001);
          // float32 weights: the file is the parameters plus a little graph structure.
          expect(v.fileBytes).toBeGreaterThan(v.parameters * 4);
        }
      }
    });

    it('tags them as stand-ins with the published top-1 accuracy as a fraction', () => {
      expect(variants('resnet-like')[0]).toMatchObject({
        id: 'resnet18',
        accuracy: 0.69758,
        accuracyBasis: 'published',
        standIn: true,
        publishedParameters: 11_689_512,
      });
      expect(variants('efficientnet-like')[7]).toMatchObject({
        id: 'efficientnet_b7',
        accuracy: 0.84122,
        standIn: true,
      });
    });

    it('keeps the whole default zoo small enough for CI', () => {
      const totalBytes = manifest.families
        .flatMap((f) => f.variants)
        .reduce((sum, v) => sum + v.fileBytes, 0);
      expect(totalBytes).toBeLessThan(40 * 2 ** 20);
    });
  });

  describe('when the measurable family is built', () => {
    it('states the accuracy it was constructed with and ships a dataset', async () => {
      expect(
        variants('linear-probe').map((v) => [
          v.id,
          v.accuracy,
          v.accuracyBasis,
          v.standIn,
          v.dataset,
        ]),
      ).toEqual([
        ['probe_small', 0.8, 'constructed', false, 'linear-probe/probe_small.jsonl'],
        ['probe_medium', 0.9, 'constructed', false, 'linear-probe/probe_medium.jsonl'],
        ['probe_large', 0.96, 'constructed', false, 'linear-probe/probe_large.jsonl'],
      ]);
      const lines = (
        await readFile(join(first as string, 'linear-probe/probe_small.jsonl'), 'utf8')
      )
        .trim()
        .split('\n');
      expect(lines).toHaveLength(200);
      expect(JSON.parse(lines[0] as string)).toMatchObject({
        inputs: { features: expect.any(Array) },
        label: expect.any(Number),
      });
    });
  });
});
