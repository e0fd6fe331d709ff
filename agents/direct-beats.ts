/**
 * The agent's side of direct heartbeats (core/direct-beat.ts): a UDP socket in the heartbeat
 * thread that sends each beat to the leading planner, whose address it reads from Redis every
 * `refreshMs` — so a new leader hears the beats within that time. While no target is known
 * (no leader yet, Redis away before the first read) nothing is sent; the Redis beats remain.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { splitAddress } from '../core/address.ts';
import { encodeDirectBeat } from '../core/direct-beat.ts';
import type { NodeLiveness } from '../core/node-liveness.ts';

export interface DirectBeatsOptions {
  liveness: NodeLiveness;
  nodeId: string;
  /** How often the target address is read again, in ms. */
  refreshMs: number;
}

interface Target {
  host: string;
  port: number;
}

export class DirectBeats {
  private readonly options: DirectBeatsOptions;
  private socket: Socket | undefined;
  private family: 'udp4' | 'udp6' = 'udp4';
  private target: Target | undefined;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(options: DirectBeatsOptions) {
    this.options = options;
  }

  /** Reads the target once and then every `refreshMs`. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
  }

  /** Sends one beat stamped `atMs` to the current target, if any. Never throws. */
  send(atMs: number): void {
    const target = this.target;
    const socket = this.socket;
    if (target === undefined || socket === undefined) return;
    const message = encodeDirectBeat({
      node: this.options.nodeId,
      seq: this.seq++,
      sentAtMs: atMs,
    });
    socket.send(message, target.port, target.host, () => undefined);
  }

  stop(): void {
    clearInterval(this.timer);
    this.socket?.close();
    this.socket = undefined;
  }

  private async refresh(): Promise<void> {
    const address = await this.options.liveness.heartbeatTarget().catch(() => null);
    if (address === null) return; // Redis away: keep sending where we did
    const target = address === undefined ? undefined : parseTarget(address);
    const family = target !== undefined && isIP(target.host) === 6 ? 'udp6' : 'udp4';
    if (this.socket === undefined || this.family !== family) {
      this.socket?.close();
      this.family = family;
      this.socket = createSocket(family);
      this.socket.on('error', () => undefined);
      this.socket.unref();
    }
    this.target = target;
  }
}

function parseTarget(address: string): Target | undefined {
  const { host, port } = splitAddress(address);
  if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  return { host, port };
}
