import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'conditions' });
});
afterAll(async () => server.dispose());

describe('conditional updates', () => {
  describe('when If-Match carries the current ETag', () => {
    it('applies the change and returns the next ETag', async () => {
      const created = await server.call('PUT', '/v1/nodes/c1', { body: { memoryMiB: 1 } });
      expect(created).toMatchObject({ status: 201 });
      const etag = created.headers.get('etag') ?? '';
      const updated = await server.call('PUT', '/v1/nodes/c1', {
        body: { memoryMiB: 2 },
        headers: { 'if-match': etag },
      });
      expect(updated).toMatchObject({ status: 200, body: { memoryMiB: 2 } });
      expect(updated.headers.get('etag')).toBe('"2"');
    });
  });

  describe('when If-Match carries a stale ETag', () => {
    it.each(['PUT', 'PATCH', 'DELETE'])(
      'refuses %s with 412 and changes nothing',
      async (method) => {
        await server.must('PUT', '/v1/nodes/c2', { body: { memoryMiB: 1 } });
        await server.must('PUT', '/v1/nodes/c2', { body: { memoryMiB: 2 } });
        const before = await server.call('GET', '/v1/nodes/c2');
        const reply = await server.call(method, '/v1/nodes/c2', {
          ...(method === 'DELETE' ? {} : { body: { memoryMiB: 3 } }),
          headers: { 'if-match': '"1"' },
        });
        expect(reply.status).toBe(412);
        expect(reply.body).toMatchObject({
          code: 'PRECONDITION_FAILED',
          detail: `node c2 is at revision "${before.headers.get('etag')?.replaceAll('"', '')}", not "1"`,
        });
        expect((await server.call('GET', '/v1/nodes/c2')).body).toEqual(before.body);
      },
    );
  });

  describe('when If-None-Match: * guards a create', () => {
    it('creates once and refuses the second create with 412', async () => {
      const first = await server.call('PUT', '/v1/nodes/c3', {
        body: { memoryMiB: 1 },
        headers: { 'if-none-match': '*' },
      });
      expect(first.status).toBe(201);
      const second = await server.call('PUT', '/v1/nodes/c3', {
        body: { memoryMiB: 9 },
        headers: { 'if-none-match': '*' },
      });
      expect(second.status).toBe(412);
      expect((await server.call('GET', '/v1/nodes/c3')).body).toMatchObject({ memoryMiB: 1 });
    });
  });

  describe('when If-Match is not an entity tag', () => {
    it('answers 400 naming the header', async () => {
      const reply = await server.call('PUT', '/v1/nodes/c4', {
        body: { memoryMiB: 1 },
        headers: { 'if-match': 'seven' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errors: [{ pointer: '/headers/if-match' }] });
    });
  });

  describe('when many writers race on one resource', () => {
    it('applies every unconditional write exactly once', async () => {
      await server.must('PUT', '/v1/nodes/race', { body: { memoryMiB: 1 } });
      const writes = Array.from({ length: 20 }, (_, index) =>
        server.call('PATCH', '/v1/nodes/race', { body: { memoryMiB: index + 10 } }),
      );
      const statuses = (await Promise.all(writes)).map((reply) => reply.status);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect((await server.call('GET', '/v1/nodes/race')).headers.get('etag')).toBe('"21"');
    });
  });
});
