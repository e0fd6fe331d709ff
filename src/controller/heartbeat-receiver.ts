/**
 * Direct heartbeats: each agent's heartbeat thread sends a small UDP datagram to the leading
 * planner every interval (besides writing its beat to Redis). A datagram needs no connection
 * and no Redis round trip, so a silent node — stopped, cut off, powered down — shows as
 * missing beats within a few intervals, and a lost packet costs one beat, not a retransmission
 * timeout. The leader publishes where agents send them (`Keys.heartbeatTarget()`).
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { once } from 'node:events';
import type { Logger } from 'pino';
import { parseDirectBeat } from '../../core/direct-beat.ts';
import type { DirectBeat } from '../../core/direct-beat.ts';

export interface HeartbeatReceiverOptions {
  /** Address to bind, as the planner's HTTP server. */
  host: string;
  /** UDP port; the planner binds the port its HTTP server has (UDP and TCP ports are apart). */
  port: number;
  logger: Logger;
  /** Epoch ms clock. Default `Date.now`. */
  nowMs?: () => number;
}

export class HeartbeatReceiver {
  private readonly listeners = new Set<(beat: DirectBeat, arrivedAtMs: number) => void>();
  private malformed = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly options: HeartbeatReceiverOptions,
  ) {}

  /** Binds the socket; rejects when the address cannot be bound. */
  static async start(options: HeartbeatReceiverOptions): Promise<HeartbeatReceiver> {
    const socket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4' });
    const receiver = new HeartbeatReceiver(socket, options);
    socket.on('message', (message) => receiver.receive(message));
    socket.bind(options.port, options.host);
    await Promise.race([
      once(socket, 'listening'),
      once(socket, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
    socket.on('error', (error) => options.logger.warn({ err: error.message }, 'heartbeat socket'));
    return receiver;
  }

  /** The bound port. */
  get port(): number {
    return this.socket.address().port;
  }

  /** Calls `listener` for every beat that arrives; returns how to stop. */
  onBeat(listener: (beat: DirectBeat, arrivedAtMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
    this.socket.close();
  }

  private receive(message: Buffer): void {
    const arrivedAtMs = (this.options.nowMs ?? Date.now)();
    const beat = parseDirectBeat(message);
    if (beat === undefined) {
      if (this.malformed++ % 1000 === 0)
        this.options.logger.warn({ malformed: this.malformed }, 'ignored malformed heartbeats');
      return;
    }
    for (const listener of this.listeners) listener(beat, arrivedAtMs);
  }
}
