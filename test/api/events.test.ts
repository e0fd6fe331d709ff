import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';

interface Page {
  items: Array<{ id: string; type: string; data: { id: string } }>;
  next: string;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'events' });
});
afterAll(async () => server.dispose());

describe('the events API', () => {
  describe('when changes happen and a reader pages with the cursor', () => {
    it('sees every event once, in order, and an empty page at the end with the same cursor', async () => {
      for (const id of ['e1', 'e2', 'e3'])
        await server.call('PUT', `/v1/nodes/${id}`, { body: { memoryMiB: 1 } });
      const first = (await server.call('GET', '/v1/events?limit=2')).body as Page;
      expect(first.items.map((event) => [event.type, event.data.id])).toEqual([
        ['resource.changed', 'e1'],
        ['resource.changed', 'e2'],
      ]);
      const second = (await server.call('GET', `/v1/events?since=${first.next}&limit=2`))
        .body as Page;
      expect(second.items.map((event) => event.data.id)).toEqual(['e3']);
      const third = (await server.call('GET', `/v1/events?since=${second.next}`)).body as Page;
      expect(third).toEqual({ items: [], next: second.next });
    });
  });

  describe('when the cursor is malformed', () => {
    it('answers 400 naming the query parameter', async () => {
      const reply = await server.call('GET', '/v1/events?since=yesterday');
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errors: [{ pointer: '/query/since' }] });
    });
  });
});
