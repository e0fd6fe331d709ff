import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientLoop } from '../../kit/client-loop.ts';
import { closedPort } from '../../kit/free-port.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { pause, waitUntil } from '../../kit/wait-until.ts';

/** A stand-in router: `cam` is served by edge-a after `delayMs`; anything else has no route. */
let server: Server;
let url: string;
let inFlight = 0;
let mostInFlight = 0;
const delayMs = 30;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    req.resume();
    await pause(delayMs);
    inFlight -= 1;
    if (req.url === '/v1/apps/cam/infer') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ node: 'edge-a', variant: 'resnet50', role: 'primary' }));
      return;
    }
    res.writeHead(503, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ code: 'NO_ROUTE', detail: 'no node serves it' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const BODY = JSON.stringify({ inputs: {} });

describe('ClientLoop', () => {
  describe('calling back to back', () => {
    it('records who served each answer, and why the others failed', async () => {
      mostInFlight = 0;
      const startedAtMs = nowMs();
      const loop = ClientLoop.start({
        baseUrl: url,
        apps: [
          { app: 'cam', body: BODY },
          { app: 'ghost', body: BODY },
        ],
      });
      const answer = await loop.waitForAnswerFrom('cam', 'edge-a', { sinceMs: startedAtMs });
      await loop.stop();
      expect(answer).toMatchObject({ status: 200, node: 'edge-a', variant: 'resnet50' });
      expect(answer.atMs - answer.sentAtMs).toBeGreaterThanOrEqual(delayMs - 1);
      expect(loop.failuresOf('cam')).toEqual([]);
      expect(loop.failuresOf('ghost')[0]).toMatchObject({
        status: 503,
        problem: 'NO_ROUTE',
        detail: 'no node serves it',
      });
      expect(mostInFlight).toBeLessThanOrEqual(2); // one request per client at a time
    });
  });

  describe('on a pace shorter than an answer takes', () => {
    it('keeps several requests under way', async () => {
      mostInFlight = 0;
      const loop = ClientLoop.start({
        baseUrl: url,
        apps: [{ app: 'cam', body: BODY }],
        intervalMs: 5,
      });
      await loop.waitForAnswerFrom('cam', 'edge-a');
      await loop.stop();
      expect(mostInFlight).toBeGreaterThan(1);
      expect(loop.failuresOf('cam')).toEqual([]);
    });
  });

  describe('when nothing listens', () => {
    it('records the transport error as status 0', async () => {
      const loop = ClientLoop.start({
        baseUrl: `http://127.0.0.1:${await closedPort()}`,
        apps: [{ app: 'cam', body: BODY }],
      });
      const [failure] = await waitForFailures(loop);
      await loop.stop();
      expect(failure).toMatchObject({ status: 0, problem: 'ECONNREFUSED', detail: 'fetch failed' });
    });
  });
});

function waitForFailures(loop: ClientLoop) {
  return waitUntil('a failure', () => {
    const failures = loop.failuresOf('cam');
    return failures.length > 0 ? failures : undefined;
  });
}
