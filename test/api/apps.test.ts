import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { app, family } from '../support/builders.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'apps' });
  await server.must('PUT', '/v1/families/resnet', { body: family('r18', 'r50') });
  await server.must('PUT', '/v1/nodes/edge-1', { body: { memoryMiB: 4096 } });
});
afterAll(async () => server.dispose());

describe('the apps API', () => {
  describe('when an app is created, patched and deleted', () => {
    it('round-trips it, fills the default weight and applies merge patches', async () => {
      const created = await server.call('PUT', '/v1/apps/cam-1', {
        body: app('resnet', 'r50', {
          primaryNode: 'edge-1',
          slo: { maxRecoveryMs: 100, minAccuracy: 0.7, maxLatencyMs: 20 },
        }),
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: 'cam-1',
        family: 'resnet',
        primaryVariant: 'r50',
        primaryNode: 'edge-1',
        weight: 1,
        slo: { maxRecoveryMs: 100, minAccuracy: 0.7, maxLatencyMs: 20 },
      });
      const patched = await server.call('PATCH', '/v1/apps/cam-1', {
        body: { primaryNode: null, weight: 3, slo: { maxLatencyMs: null, minAccuracy: 0.65 } },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({
        id: 'cam-1',
        family: 'resnet',
        primaryVariant: 'r50',
        weight: 3,
        slo: { maxRecoveryMs: 100, minAccuracy: 0.65 },
      });
      expect((await server.call('GET', '/v1/apps')).body).toMatchObject({
        items: [{ id: 'cam-1' }],
      });
      expect((await server.call('DELETE', '/v1/apps/cam-1')).status).toBe(204);
      expect((await server.call('DELETE', '/v1/apps/cam-1')).status).toBe(404);
    });
  });

  describe('when an app refers to what does not exist', () => {
    it('answers 422 naming every unknown reference and stores nothing', async () => {
      const reply = await server.call('PUT', '/v1/apps/orphan', {
        body: app('vgg', 'vgg16', { primaryNode: 'edge-9' }),
      });
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({
        code: 'UNKNOWN_REFERENCE',
        errors: [
          { pointer: '/body/family', detail: 'no model family named "vgg"' },
          { pointer: '/body/primaryNode', detail: 'no node named "edge-9"' },
        ],
      });
      expect((await server.call('GET', '/v1/apps/orphan')).status).toBe(404);
    });

    it('names the variants the family does have', async () => {
      const reply = await server.call('PUT', '/v1/apps/orphan', { body: app('resnet', 'r152') });
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({
        errors: [
          {
            pointer: '/body/primaryVariant',
            detail: 'family "resnet" has no variant "r152"; it has: r18, r50',
          },
        ],
      });
    });
  });

  describe('when an app is pinned to a node', () => {
    it('refuses to delete the node while the pin holds', async () => {
      await server.must('PUT', '/v1/nodes/pinned', { body: { memoryMiB: 1024 } });
      await server.must('PUT', '/v1/apps/pinner', {
        body: app('resnet', 'r18', { primaryNode: 'pinned' }),
      });
      const reply = await server.call('DELETE', '/v1/nodes/pinned');
      expect(reply.status).toBe(409);
      expect(reply.body).toMatchObject({
        detail: 'node pinned cannot be changed that way: app pinner is pinned to it',
      });
      await server.call('PATCH', '/v1/apps/pinner', { body: { primaryNode: null } });
      expect((await server.call('DELETE', '/v1/nodes/pinned')).status).toBe(204);
    });
  });

  describe.each([
    {
      name: 'a missing field',
      body: { family: 'resnet', primaryVariant: 'r18' },
      pointer: '/body/slo',
    },
    {
      name: 'a wrong type',
      body: app('resnet', 'r18', { weight: 'high' as unknown as number }),
      pointer: '/body/weight',
    },
    {
      name: 'an out-of-range number',
      body: app('resnet', 'r18', { slo: { maxRecoveryMs: 100, minAccuracy: 2 } }),
      pointer: '/body/slo/minAccuracy',
    },
    {
      name: 'an unknown property',
      body: { ...app('resnet', 'r18'), owner: 'me' },
      pointer: '/body/owner',
    },
  ])('when the body has $name', ({ body, pointer }) => {
    it('answers 400 naming the field and stores nothing', async () => {
      const reply = await server.call('PUT', '/v1/apps/bad-app', { body });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer }] });
      expect((await server.call('GET', '/v1/apps/bad-app')).status).toBe(404);
    });
  });
});
