import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../kit/free-port.ts';
import { probeHealth } from '../../core/health-probe.ts';

describe('the health probe', () => {
  let server: Server;
  let address = '';
  let requests = 0;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    // Leaves its first request unanswered, as if that packet was lost, and answers the rest.
    server = createServer((_req, res) => {
      requests += 1;
      if (requests === 1) held.push(res);
      else res.end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    server.close();
  });

  it('tries again while a try goes unanswered, and counts it reachable on the first answer', async () => {
    const outcome = await probeHealth(address, 200, 10);
    expect(outcome.result).toBe('reachable');
    expect(outcome.attempts).toBeGreaterThanOrEqual(2);
  });

  it('reports a closed port as refused, at once', async () => {
    const outcome = await probeHealth(`127.0.0.1:${await freePort()}`, 1_000);
    expect(outcome.result).toBe('refused');
    expect(outcome.elapsedMs).toBeLessThan(500);
  });
});
