/**
 * One `GET /healthz` to an agent, on a connection of its own, judged within a deadline:
 * `reachable` (it answered, whatever the status), `refused` (its port is closed: the agent
 * process is gone) or `unreachable` (no answer in time, no route). A stopped process still
 * has its connections accepted by the kernel but never answers, so it is `unreachable` —
 * unlike a bare TCP connect. Used by the leader and, as indirect probes, by other agents.
 */
import { request } from 'node:http';

export type HealthProbeResult = 'reachable' | 'refused' | 'unreachable';

export interface HealthProbeOutcome {
  result: HealthProbeResult;
  elapsedMs: number;
}

export function probeHealth(address: string, timeoutMs: number): Promise<HealthProbeOutcome> {
  const startedMs = performance.now();
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HealthProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      resolve({ result, elapsedMs: performance.now() - startedMs });
    };
    const outgoing = request(
      { host, port, path: '/healthz', method: 'GET', agent: false },
      (res) => {
        res.resume();
        finish('reachable');
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'unreachable'),
    );
    const timer = setTimeout(() => finish('unreachable'), timeoutMs);
    outgoing.end();
  });
}
