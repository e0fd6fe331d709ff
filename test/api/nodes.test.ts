import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'nodes' });
});
afterAll(async () => server.dispose());

describe('the nodes API', () => {
  describe('when a node is created, read, patched, listed and deleted', () => {
    it('round-trips every field, with defaults filled in', async () => {
      const created = await server.call('PUT', '/v1/nodes/edge-1', {
        body: {
          memoryMiB: 4096,
          domain: 'rack-a',
          labels: { zone: 'north' },
          address: '127.0.0.1:9001',
        },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/v1/nodes/edge-1');
      expect(created.headers.get('etag')).toBe('"1"');
      const want = {
        id: 'edge-1',
        memoryMiB: 4096,
        domain: 'rack-a',
        labels: { zone: 'north' },
        address: '127.0.0.1:9001',
        draining: false,
        status: 'up',
      };
      expect(created.body).toEqual(want);
      expect((await server.call('GET', '/v1/nodes/edge-1')).body).toEqual(want);

      const patched = await server.call('PATCH', '/v1/nodes/edge-1', {
        body: { memoryMiB: 2048, draining: true },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect(patched.status).toBe(200);
      expect(patched.headers.get('etag')).toBe('"2"');
      expect(patched.body).toEqual({
        ...want,
        memoryMiB: 2048,
        draining: true,
        status: 'draining',
      });

      await server.must('PUT', '/v1/nodes/edge-0', { body: { memoryMiB: 1024 } });
      const list = await server.call('GET', '/v1/nodes');
      expect((list.body as { items: Array<{ id: string }> }).items.map((node) => node.id)).toEqual([
        'edge-0',
        'edge-1',
      ]);

      expect((await server.call('DELETE', '/v1/nodes/edge-1')).status).toBe(204);
      expect((await server.call('GET', '/v1/nodes/edge-1')).status).toBe(404);
    });
  });

  describe('when a node is replaced with PUT', () => {
    it('answers 200 and bumps the revision', async () => {
      await server.must('PUT', '/v1/nodes/edge-r', { body: { memoryMiB: 1 } });
      const replaced = await server.call('PUT', '/v1/nodes/edge-r', { body: { memoryMiB: 2 } });
      expect(replaced.status).toBe(200);
      expect(replaced.headers.get('etag')).toBe('"2"');
    });
  });

  describe.each([
    {
      name: 'a missing field',
      body: { domain: 'a' },
      pointer: '/body/memoryMiB',
      detail: "must have required property 'memoryMiB'",
    },
    {
      name: 'a wrong type',
      body: { memoryMiB: 'lots' },
      pointer: '/body/memoryMiB',
      detail: 'must be number',
    },
    {
      name: 'an out-of-range number',
      body: { memoryMiB: 0 },
      pointer: '/body/memoryMiB',
      detail: 'must be > 0',
    },
    {
      name: 'an unknown property',
      body: { memoryMiB: 5, colour: 'red' },
      pointer: '/body/colour',
      detail: 'is not a field this resource has; remove it',
    },
    {
      name: 'a malformed address',
      body: { memoryMiB: 5, address: 'no-port' },
      pointer: '/body/address',
      detail: 'must match pattern "^[^\\s:]+:[0-9]{1,5}$"',
    },
  ])('when the body has $name', ({ body, pointer, detail }) => {
    it('answers 400 problem+json naming the field, and stores nothing', async () => {
      const reply = await server.call('PUT', '/v1/nodes/bad-node', { body });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({
        type: 'urn:understudy:problem:validation-failed',
        status: 400,
        code: 'VALIDATION_FAILED',
        instance: '/v1/nodes/bad-node',
        errors: [{ pointer, detail }],
      });
      expect((await server.call('GET', '/v1/nodes/bad-node')).status).toBe(404);
    });
  });

  describe('when the body has several mistakes', () => {
    it('reports every one of them at once', async () => {
      const reply = await server.call('PUT', '/v1/nodes/bad-node', {
        body: { memoryMiB: -1, domain: 7, extra: true },
      });
      const pointers = (reply.body as { errors: Array<{ pointer: string }> }).errors.map(
        (error) => error.pointer,
      );
      expect(pointers.sort()).toEqual(['/body/domain', '/body/extra', '/body/memoryMiB']);
    });
  });

  describe('when the node id is not a valid id', () => {
    it('answers 400 naming the path parameter', async () => {
      const reply = await server.call('PUT', '/v1/nodes/Not_Valid', { body: { memoryMiB: 1 } });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errors: [{ pointer: '/path/nodeId' }] });
    });
  });
});
