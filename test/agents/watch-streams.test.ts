import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, uniquePrefix, TEST_REDIS_URL } from '../support/redis.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';

const prefix = uniquePrefix('agent-watch');
let modelDir: string;
let agent: AgentProcess;

beforeAll(async () => {
  modelDir = await mkdtemp(join(tmpdir(), 'understudy-watch-'));
  agent = await UnderstudyProcess.agent({
    redisUrl: TEST_REDIS_URL,
    nodeId: 'edge-w',
    prefix,
    modelDir,
    memoryMiB: 64,
  });
});

afterAll(async () => {
  await agent?.kill();
  await deletePrefix(prefix);
  await rm(modelDir, { recursive: true, force: true });
});

/** Opens `GET /v1/watch` and collects what arrives; `ended` resolves when the agent ends it. */
async function openWatch(url: string) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request(`${url}/v1/watch`, resolve).on('error', reject).end();
  });
  const chunks: string[] = [];
  const pings: Array<() => void> = [];
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    chunks.push(chunk);
    if (chunk.includes(': ping')) pings.shift()?.();
  });
  const ended = new Promise<void>((resolve) => response.once('end', resolve));
  const nextPing = () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ping within 3 s')), 3_000);
      pings.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  return { response, chunks, ended, nextPing };
}

describe('GET /v1/watch', () => {
  describe('while the agent runs', () => {
    it('stays open as an event stream across several pings', async () => {
      const watch = await openWatch(agent.url);
      expect(watch.response.statusCode).toBe(200);
      expect(watch.response.headers['content-type']).toBe('text/event-stream');
      await watch.nextPing();
      await watch.nextPing();
      expect(watch.response.complete).toBe(false);
      expect(watch.chunks.join('')).toMatch(/^: watching\n\n(: ping\n\n)+$/);
      watch.response.destroy();
    });
  });

  describe('when the agent drains on SIGTERM', () => {
    it('ends the stream and the drain finishes', async () => {
      const watch = await openWatch(agent.url);
      await watch.nextPing();
      const code = await agent.stop();
      await watch.ended;
      expect(code).toBe(0);
      const drained = await agent.waitForLog('drained', (entry) => entry.msg === 'drained');
      expect(drained.forced).toBe(false);
    });
  });
});
