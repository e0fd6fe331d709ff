import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { closedPort } from '../../kit/free-port.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    label: 'unavailable',
    redisUrl: `redis://127.0.0.1:${await closedPort()}`,
  });
});
afterAll(async () => server.close());

describe('when Redis does not answer', () => {
  it('still answers /healthz', async () => {
    expect((await server.call('GET', '/healthz')).status).toBe(200);
  });

  it.each([
    ['GET', '/readyz'],
    ['GET', '/v1/nodes'],
    ['PUT', '/v1/nodes/n1'],
    ['GET', '/v1/events'],
    ['GET', '/v1/plans/current'],
  ])('answers %s %s with 503 problem+json within a second', async (method, path) => {
    const started = performance.now();
    const reply = await server.call(
      method,
      path,
      method === 'PUT' ? { body: { memoryMiB: 1 } } : {},
    );
    const elapsedMs = performance.now() - started;
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    // Not a timing target: a hang (offline queue, retries) would take the command timeout or longer.
    expect(elapsedMs).toBeLessThan(1000);
  });
});
