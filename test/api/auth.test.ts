import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';

const TOKEN = 'test-token-7f3a';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'auth', apiToken: TOKEN });
});
afterAll(async () => server.dispose());

describe('bearer-token authentication', () => {
  describe('when a token is set and a mutating request carries none', () => {
    it('answers 401 with WWW-Authenticate and changes nothing', async () => {
      const reply = await server.call('PUT', '/v1/nodes/a1', { body: { memoryMiB: 1 } });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      expect(reply.body).toMatchObject({
        code: 'UNAUTHORIZED',
        detail: 'this change needs the header Authorization: Bearer <token>',
      });
      expect((await server.call('GET', '/v1/nodes/a1')).status).toBe(404);
    });
  });

  describe('when the token is wrong', () => {
    it('answers 401', async () => {
      const reply = await server.call('DELETE', '/v1/nodes/a1', { token: 'guess' });
      expect(reply.status).toBe(401);
    });
  });

  describe('when the token is right', () => {
    it('applies the change', async () => {
      expect(
        (await server.call('PUT', '/v1/nodes/a1', { body: { memoryMiB: 1 }, token: TOKEN })).status,
      ).toBe(201);
    });
  });

  describe('when a request only reads', () => {
    it('needs no token', async () => {
      expect((await server.call('GET', '/v1/nodes')).status).toBe(200);
    });
  });
});
