/**
 * The silence judge on real sockets: the silent node is a port that answers, one that
 * accepts connections and never answers (a stopped process), or a closed one; the peer that
 * probes it is the real agent control app (`POST /v1/probe`) on a port of its own.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { Server as TcpServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlApp } from '../../agents/control-app.ts';
import type { AgentState } from '../../agents/agent-state.ts';
import { freePort } from '../../kit/free-port.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { SilenceJudge } from '../../src/controller/silence-judge.ts';
import type { JudgedNode, SilenceVerdict } from '../../src/controller/silence-judge.ts';

const BEAT_MS = 20;

async function listening(server: Server | TcpServer): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the silence judge', () => {
  const sockets = new Set<Socket>();
  let answering: Server;
  let mute: TcpServer;
  let peer: Server;
  let addresses: { answering: string; mute: string; closed: string; peer: string };

  beforeAll(async () => {
    answering = createServer((_req, res) => res.end('{}'));
    // Accepts connections and never answers: what a stopped agent looks like.
    mute = createTcpServer((socket) => sockets.add(socket));
    peer = createServer(
      createControlApp({
        nodeId: 'peer',
        version: 'test',
        state: () => ({}) as AgentState,
        draining: () => false,
        logger: pino({ level: 'silent' }),
      }),
    );
    addresses = {
      answering: await listening(answering),
      mute: await listening(mute),
      closed: `127.0.0.1:${await freePort()}`,
      peer: await listening(peer),
    };
    // The control app compiles its request validator on first use, blocking this process (the
    // judge's too) for longer than a probe may take: that first use is not what is tested.
    await fetch(`http://${addresses.peer}/v1/probe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: addresses.answering, timeoutMs: 100 }),
    });
  });

  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    answering.close();
    mute.close();
    peer.closeAllConnections();
    peer.close();
  });

  /** A judge that heard 50 steady beats of `silent` and of the peer, the last at t = 1000. */
  function judgeWith(silent: string, withPeer: boolean) {
    const judge = new SilenceJudge({ probeTimeoutMs: 100 });
    for (let i = 0; i <= 50; i++) {
      judge.heartbeat('silent', i * BEAT_MS);
      judge.heartbeat('peer', i * BEAT_MS);
    }
    const nodes: JudgedNode[] = [
      { id: 'silent', address: silent, status: 'up' },
      ...(withPeer ? [{ id: 'peer', address: addresses.peer, status: 'up' as const }] : []),
    ];
    // The peer keeps beating; the silent node's last beat was at 1000.
    const nowMs = 1_000 + 200;
    for (let t = 1_000 + BEAT_MS; t <= nowMs; t += BEAT_MS) judge.heartbeat('peer', t);
    const verdict = () =>
      waitUntil('a verdict', () => {
        const found = judge.judge(nodes[0] as JudgedNode, nodes, nowMs);
        return found.kind === 'unknown' ? undefined : found;
      });
    return { judge, verdict, nowMs };
  }

  it('fails a node that neither it nor a peer reaches, with that evidence', async () => {
    const { judge, verdict } = judgeWith(addresses.mute, true);
    const found = await verdict();
    expect(found).toMatchObject({ kind: 'failed', cause: 'heartbeat-timeout' });
    const { evidence } = found as Extract<SilenceVerdict, { kind: 'failed' }>;
    expect(evidence.phi).toBeGreaterThanOrEqual(8);
    expect(evidence.silentMs).toBe(200);
    expect(evidence.probes.map(({ via, result }) => ({ via, result }))).toEqual([
      { via: 'planner', result: 'unreachable' },
      { via: 'peer', result: 'unreachable' },
    ]);
    judge.close();
  });

  it('fails a node whose port is closed as a process that exited', async () => {
    const { judge, verdict } = judgeWith(addresses.closed, true);
    expect(await verdict()).toMatchObject({ kind: 'failed', cause: 'process-exited' });
    judge.close();
  });

  it('only suspects a node that a probe still reaches, and keeps Redis out of it', async () => {
    const { judge, verdict, nowMs } = judgeWith(addresses.answering, true);
    const found = await verdict();
    expect(found.kind).toBe('suspected');
    expect(judge.redisRole('silent', nowMs)).toBe('none');
    judge.close();
  });

  it('without a peer to ask, suspects and leaves the failure to the heartbeats in Redis', async () => {
    const { judge, verdict, nowMs } = judgeWith(addresses.mute, false);
    expect((await verdict()).kind).toBe('suspected');
    expect(judge.redisRole('silent', nowMs)).toBe('fail');
    judge.close();
  });

  it('says a beating node beats, and leaves nodes it never heard to Redis', () => {
    const { judge } = judgeWith(addresses.answering, true);
    const node: JudgedNode = { id: 'silent', address: addresses.answering, status: 'up' };
    expect(judge.judge(node, [node], 1_010).kind).toBe('beating');
    expect(judge.redisRole('silent', 1_010)).toBe('none');
    expect(judge.redisRole('never-heard', 1_010)).toBe('all');
    judge.close();
  });
});
