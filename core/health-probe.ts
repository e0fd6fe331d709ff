/**
 * A `GET /healthz` to an agent, judged within a deadline: `reachable` (it answered, whatever
 * the status), `refused` (its port is closed: the agent process is gone) or `unreachable` (no
 * answer in time, no route). A stopped process still has its connections accepted by the
 * kernel but never answers, so it is `unreachable` — unlike a bare TCP connect. A fresh
 * connection is tried every `retryEveryMs` until one answers, so a lost packet (a SYN, an
 * answer) on a lossy link does not make a live node look unreachable: only when every try
 * goes unanswered is it. Used by the leader and, as indirect probes, by other agents.
 */
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import { splitAddress } from './address.ts';

export type HealthProbeResult = 'reachable' | 'refused' | 'unreachable';

export interface HealthProbeOutcome {
  result: HealthProbeResult;
  elapsedMs: number;
  /** How many connections were tried. */
  attempts: number;
}

/** Default pause between two tries of one probe, in ms. */
export const PROBE_RETRY_EVERY_MS = 15;

export function probeHealth(
  address: string,
  timeoutMs: number,
  retryEveryMs = PROBE_RETRY_EVERY_MS,
): Promise<HealthProbeOutcome> {
  const startedMs = performance.now();
  const { host, port } = splitAddress(address);
  const tries = new Set<ClientRequest>();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HealthProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(retries);
      for (const outgoing of tries) outgoing.destroy();
      resolve({ result, elapsedMs: performance.now() - startedMs, attempts: tries.size });
    };
    const attempt = () => {
      const outgoing = request(
        { host, port, path: '/healthz', method: 'GET', agent: false },
        (res) => {
          res.resume();
          finish('reachable');
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') finish('refused');
      });
      tries.add(outgoing);
      outgoing.end();
    };
    const deadline = setTimeout(() => finish('unreachable'), timeoutMs);
    const retries = setInterval(attempt, retryEveryMs);
    attempt();
  });
}
