import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/api-server.ts';
import type { TestServer } from '../../support/api-server.ts';
import { profileModel } from '../../../profiler/profile/profile-model.ts';
import { buildZoo } from '../../../profiler/zoo/build-zoo.ts';
import { familiesFromManifest } from '../../../profiler/zoo/families-from-manifest.ts';
import { profileZoo } from '../../../profiler/zoo/profile-zoo.ts';
import type { ModelFamily } from '../../../profiler/variant.ts';
import { writeMultiIoModel } from '../support/fixture-models.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

// The planner service validates request bodies against openapi/understudy.yaml, so a 2xx
// answer means the profiler's output matches the spec's FamilyInput and Variant schemas.
let dir: string | undefined;
let server: TestServer;
let families: ModelFamily[];

beforeAll(async () => {
  dir = await makeTempDir('wire');
  server = await startTestServer({ label: 'profiler-wire' });
  const manifest = await buildZoo({ dir });
  const small = {
    ...manifest,
    families: manifest.families.filter((f) => f.id === 'mobilenet-like' || f.id === 'linear-probe'),
  };
  const reports = await profileZoo(small, { dir, measure: { loads: 1, runs: 5, warmupRuns: 1 } });
  const profiles = new Map([...reports].map(([key, report]) => [key, report.variant]));
  families = familiesFromManifest(small, profiles, { locationBase: dir });
});
afterAll(async () => {
  await server.dispose();
  await removeTempDir(dir);
});

describe('Profiler output', () => {
  describe('when zoo families built from the manifest are PUT to the planner API', () => {
    it('is accepted as FamilyInput, variants and all', async () => {
      for (const { id, ...body } of families) {
        const reply = await server.call('PUT', `/v1/families/${id}`, { body });
        expect({
          id,
          status: reply.status,
          body: reply.status === 201 ? 'created' : reply.body,
        }).toEqual({ id, status: 201, body: 'created' });
      }
    });
  });

  describe('when a profiled variant with symbolic dimensions is PUT into a family', () => {
    it('is accepted as a Variant', async () => {
      const { variant } = await profileModel({
        modelPath: await writeMultiIoModel(dir as string),
        suppliedAccuracy: 0.5,
        loads: 1,
        runs: 5,
        warmupRuns: 1,
      });
      // Into a family of its own: its signature is no other family's.
      const reply = await server.call('PUT', '/v1/families/multi-io', {
        body: { task: 'classification', variants: [variant] },
      });
      expect(reply.status).toBe(201);
    });
  });
});
