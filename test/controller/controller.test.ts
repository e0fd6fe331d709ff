import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOf } from '../../core/events.ts';
import type { ClusterEvent as Event, EventOf } from '../../core/events.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

let server: TestServer;
let agent: AgentProcess;
let modelDir: string;
beforeAll(async () => {
  server = await startTestServer({ label: 'controller', controller: { holdDownMs: 1000 } });
  modelDir = await mkdtemp(join(tmpdir(), 'controller-'));
  agent = await UnderstudyProcess.agent({
    redisUrl: TEST_REDIS_URL,
    nodeId: 'edge-1',
    prefix: server.prefix,
    modelDir,
    memoryMiB: 64,
  });
  await waitUntil('the first heartbeat', lastHeartbeatMs);
});
afterAll(async () => {
  agent.signal('SIGCONT');
  await agent.stop();
  await server.dispose();
  await rm(modelDir, { recursive: true, force: true });
});

async function nodeEvents(): Promise<Event[]> {
  const page = (await server.call('GET', '/v1/events?limit=1000')).body as { items: Event[] };
  // What the controller declares; the agent's own node.registered is not its decision.
  return page.items.filter(
    (event) =>
      ['node.suspected', 'node.failed', 'node.recovered'].includes(event.type) &&
      nodeOf(event) === 'edge-1',
  );
}

/** When edge-1 last beat, as the controller reads it (epoch ms). */
async function lastHeartbeatMs(): Promise<number | undefined> {
  return (await server.store.liveness.getMany(['edge-1'])).get('edge-1')?.lastHeartbeatMs;
}

/** Resolves once edge-1's last heartbeat is `ms` old: it has been silent that long. */
async function silentFor(ms: number): Promise<void> {
  await waitUntil(
    `edge-1 silent for ${ms} ms`,
    async () => {
      const lastMs = await lastHeartbeatMs();
      return lastMs !== undefined && Date.now() - lastMs >= ms ? true : undefined;
    },
    { intervalMs: 5 },
  );
}

/** Resolves at edge-1's first heartbeat `ms` after `sinceMs`: it has been beating that long. */
async function beatingFor(ms: number, sinceMs: number): Promise<void> {
  await waitUntil(`edge-1 beating ${ms} ms after ${sinceMs}`, async () => {
    const lastMs = await lastHeartbeatMs();
    return lastMs !== undefined && lastMs >= sinceMs + ms ? true : undefined;
  });
}

function typesOf(events: Event[]): string[] {
  return events.map(
    (event) => `${event.type}${event.type === 'node.recovered' ? `:${event.data.from}` : ''}`,
  );
}

describe('the controller', () => {
  describe('when an agent pauses for less than its heartbeat timeout', () => {
    it('neither suspects nor fails the node', async () => {
      agent.signal('SIGSTOP');
      // Silent for 100 ms, well under the 250 ms heartbeat timeout.
      await silentFor(100);
      agent.signal('SIGCONT');
      // Several heartbeat timeouts pass with the agent beating again (the controller judges
      // every 50 ms); nothing may be declared.
      await beatingFor(1500, Date.now());
      expect(typesOf(await nodeEvents())).toEqual([]);
    });
  });

  describe('when an agent is stopped (SIGSTOP) and later continues (SIGCONT)', () => {
    it('fails the node once by heartbeat timeout, fences it, and re-admits it after the hold-down', async () => {
      const stoppedAtMs = Date.now();
      agent.signal('SIGSTOP');
      const failed = await waitUntil('node.failed', async () =>
        (await nodeEvents()).find((event) => event.type === 'node.failed'),
      );
      expect(failed.data).toMatchObject({ node: 'edge-1', cause: 'heartbeat-timeout' });
      // Dead after 4 heartbeat timeouts of 250 ms; well within 3 s of the stop.
      expect(Number(failed.atMs) - stoppedAtMs).toBeLessThan(3000);

      agent.signal('SIGCONT');
      const recovered = await waitUntil('node.recovered from down', async () =>
        (await nodeEvents()).find(
          (event) => event.type === 'node.recovered' && event.data.from === 'down',
        ),
      );
      // Fenced: still down until it has beaten steadily for the 1 s hold-down.
      expect(Number(recovered.atMs) - Number(failed.atMs)).toBeGreaterThanOrEqual(1000);
      expect(typesOf(await nodeEvents())).toEqual([
        'node.suspected',
        'node.failed',
        'node.recovered:down',
      ]);
      const node = (await server.call('GET', '/v1/nodes/edge-1')).body as { status: string };
      expect(node.status).toBe('up');
    });
  });

  describe('when a node flaps faster than its hold-down', () => {
    it('fails it once and re-admits it once it is steady: one plan each way, no churn', async () => {
      const before = (await nodeEvents()).length;
      agent.signal('SIGSTOP');
      await waitUntil('node.failed', async () =>
        (await nodeEvents()).slice(before).find((event) => event.type === 'node.failed'),
      );
      for (let flap = 0; flap < 2; flap++) {
        // It beats again for 400 ms, less than the 1 s hold-down…
        agent.signal('SIGCONT');
        await beatingFor(400, Date.now());
        // …then is silent for 1.2 s, past the heartbeat timeout: the hold-down starts over.
        agent.signal('SIGSTOP');
        await silentFor(1200);
      }
      agent.signal('SIGCONT');
      const recovered = await waitUntil('node.recovered from down', async () =>
        (await nodeEvents())
          .slice(before)
          .find(
            (event): event is EventOf<'node.recovered'> =>
              event.type === 'node.recovered' && event.data.from === 'down',
          ),
      );
      expect(recovered.data.steadyForMs).toBeGreaterThanOrEqual(1000);
      expect(typesOf((await nodeEvents()).slice(before))).toEqual([
        'node.suspected',
        'node.failed',
        'node.recovered:down',
      ]);
      const plans = await waitUntil('the fail-back plan', async () => {
        const page = (await server.call('GET', '/v1/events?limit=1000')).body as { items: Event[] };
        const published = page.items.filter(
          (event): event is EventOf<'plan.published'> =>
            event.type === 'plan.published' && event.data.node === 'edge-1',
        );
        return published.some((event) => event.data.trigger === recovered.id)
          ? published
          : undefined;
      });
      // The first stop and this episode: one failover and one fail-back plan each, nothing more.
      expect(plans.map((event) => event.data.reason)).toEqual([
        'failover',
        'fail-back',
        'failover',
        'fail-back',
      ]);
    }, 20_000);
  });
});
