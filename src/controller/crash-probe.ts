import { connect } from 'node:net';
import { splitAddress } from '../../core/address.ts';

/** What a TCP connection attempt to an agent's port found. */
export type ProbeResult = 'refused' | 'accepted' | 'timeout' | 'unreachable';

/**
 * Tries one TCP connection. `refused` (RST: the port has no listener) is the evidence that the
 * agent process is gone; a live but busy process still has its port accepted by the kernel,
 * and a stopped or cut-off one times out, which only heartbeats can judge.
 */
export function probe(address: string, timeoutMs: number): Promise<ProbeResult> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.once('connect', () => finish('accepted'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'unreachable'),
    );
  });
}
