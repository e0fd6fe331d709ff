import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import type { Logger } from 'pino';
import { splitAddress } from '../../core/address.ts';
import { probe } from './crash-probe.ts';

/** Evidence that an agent process is gone. */
export interface CrashEvidence {
  node: string;
  address: string;
  /** When the watch connection dropped, epoch ms. */
  droppedAtMs: number;
  /** When the probe found the port closed, epoch ms. */
  confirmedAtMs: number;
}

export interface CrashWatchOptions {
  logger: Logger;
  onCrash: (evidence: CrashEvidence) => void;
  /** Called each time a watch stream to a node is open (the agent is known to run). */
  onWatching?: (node: string) => void;
  /** Called each time a node's watch stream closed or could not be opened. */
  onLost?: (node: string) => void;
  /** How long the confirming connection attempt may take, in ms. Default 200. */
  probeTimeoutMs?: number;
  /** Pause before re-opening a watch that could not be opened or was closed, in ms. Default 250. */
  retryMs?: number;
  /** Epoch ms clock. Default `Date.now`. */
  nowMs?: () => number;
}

interface Watched {
  address: string;
  request: ClientRequest | undefined;
  retry: NodeJS.Timeout | undefined;
  /** A stream was open since the last reported crash: the agent was known to be running. */
  alive: boolean;
}

/**
 * The fast path of failure detection. For each agent it holds one open HTTP stream
 * (`GET /v1/watch`); when the agent's process dies the kernel closes that connection at once,
 * and one connection attempt confirms the port is closed before anything is declared. A busy
 * agent keeps its connection; a stopped or partitioned one is left to the heartbeats.
 */
export class CrashWatch {
  private readonly options: Required<
    Omit<CrashWatchOptions, 'logger' | 'onCrash' | 'onWatching' | 'onLost'>
  > &
    Pick<CrashWatchOptions, 'logger' | 'onCrash' | 'onWatching' | 'onLost'>;
  private readonly watched = new Map<string, Watched>();

  constructor(options: CrashWatchOptions) {
    this.options = { probeTimeoutMs: 200, retryMs: 250, nowMs: Date.now, ...options };
  }

  /** Watches the node at `address`; re-watching with a new address replaces the old watch. */
  watch(node: string, address: string): void {
    const current = this.watched.get(node);
    if (current?.address === address) return;
    this.unwatch(node);
    const entry: Watched = { address, request: undefined, retry: undefined, alive: false };
    this.watched.set(node, entry);
    this.open(node, entry);
  }

  unwatch(node: string): void {
    const entry = this.watched.get(node);
    if (entry === undefined) return;
    this.watched.delete(node);
    clearTimeout(entry.retry);
    entry.request?.destroy();
  }

  close(): void {
    for (const node of [...this.watched.keys()]) this.unwatch(node);
  }

  private open(node: string, entry: Watched): void {
    const { host, port } = splitAddress(entry.address);
    const req = request({ host, port, path: '/v1/watch', method: 'GET', agent: false });
    entry.request = req;
    req.on('response', (res) => {
      this.options.logger.debug({ node, status: res.statusCode }, 'watch stream answered');
      if (res.statusCode === 200) {
        entry.alive = true;
        this.options.onWatching?.(node);
      }
      res.resume();
      res.on('error', () => undefined);
      res.on('close', () => void this.lost(node, entry, req));
    });
    req.on('error', () => void this.lost(node, entry, req));
    req.end();
  }

  /**
   * The stream closed or could not be opened. If the agent was known to be running, one
   * connection attempt decides whether its process is gone; either way the watch re-opens.
   */
  private async lost(node: string, entry: Watched, req: ClientRequest): Promise<void> {
    if (this.watched.get(node) !== entry || entry.request !== req) return;
    entry.request = undefined;
    this.options.onLost?.(node);
    const droppedAtMs = this.options.nowMs();
    const result = entry.alive
      ? await probe(entry.address, this.options.probeTimeoutMs)
      : 'not-alive';
    this.options.logger.debug({ node, result }, 'watch stream lost');
    if (result === 'refused') {
      if (this.watched.get(node) !== entry) return;
      entry.alive = false;
      this.options.onCrash({
        node,
        address: entry.address,
        droppedAtMs,
        confirmedAtMs: this.options.nowMs(),
      });
    }
    this.reopenLater(node, entry);
  }

  private reopenLater(node: string, entry: Watched): void {
    if (this.watched.get(node) !== entry) return;
    clearTimeout(entry.retry);
    entry.retry = setTimeout(() => {
      if (this.watched.get(node) === entry) this.open(node, entry);
    }, this.options.retryMs);
    entry.retry.unref();
  }
}
