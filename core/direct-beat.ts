/**
 * The direct heartbeat: the UDP datagram an agent's heartbeat thread sends to the leading
 * planner every interval, besides its beat in Redis. Its JSON is `{ node, seq, sentAtMs }`;
 * the leader publishes where to send it under `Keys.heartbeatTarget()` as `host:port`.
 */

export interface DirectBeat {
  node: string;
  /** Counts up from 0 with each beat of one agent process. */
  seq: number;
  /** The sender's clock, epoch ms. */
  sentAtMs: number;
}

/** Largest datagram read; a beat is well under 200 bytes. */
export const MAX_DIRECT_BEAT_BYTES = 512;

export function encodeDirectBeat(beat: DirectBeat): Buffer {
  return Buffer.from(JSON.stringify(beat), 'utf8');
}

/** The beat a datagram carries; undefined when it is not one. */
export function parseDirectBeat(message: Buffer): DirectBeat | undefined {
  if (message.length > MAX_DIRECT_BEAT_BYTES) return undefined;
  let value: Partial<DirectBeat>;
  try {
    value = JSON.parse(message.toString('utf8')) as Partial<DirectBeat>;
  } catch {
    return undefined;
  }
  const { node, seq, sentAtMs } = value;
  if (typeof node !== 'string' || node === '') return undefined;
  if (typeof seq !== 'number' || typeof sentAtMs !== 'number') return undefined;
  return { node, seq, sentAtMs };
}
