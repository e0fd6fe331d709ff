/**
 * The agent's HTTP server: inference on the fast path, everything else through the express
 * control app. Connections are kept alive. `drain()` stops accepting connections, asks
 * clients to close (`Connection: close` on every answer), and resolves once the requests in
 * flight have been answered, or when the deadline forces the remaining connections shut.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { INFER_PATH } from './inference-handler.ts';
import type { InferenceHandler } from './inference-handler.ts';
import { WATCH_PATH, WatchStreams } from './watch-streams.ts';

export interface InferenceServerOptions {
  inference: InferenceHandler;
  /** Builds the app for every other route; it may read the server's own state. */
  control: (server: InferenceServer) => Express;
  /** How long an idle keep-alive connection stays open, in ms. */
  keepAliveTimeoutMs: number;
}

export class InferenceServer {
  private readonly server: Server;
  private readonly inFlight = new Set<ServerResponse>();
  private readonly watches = new WatchStreams();
  private draining = false;

  constructor(options: InferenceServerOptions) {
    const control = options.control(this);
    this.server = createServer((req, res) => this.route(req, res, options.inference, control));
    this.server.keepAliveTimeout = options.keepAliveTimeoutMs;
    this.server.headersTimeout = options.keepAliveTimeoutMs + 5_000;
    // requestTimeout bounds receiving a request, not answering it, so it does not cut the
    // open-ended `/v1/watch` responses; WatchStreams also clears each watch socket's timeout.
  }

  get inFlightRequests(): number {
    return this.inFlight.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Listens; resolves with the bound address (port 0 picks a free port). */
  async listen(host: string, port: number): Promise<{ host: string; port: number }> {
    this.server.listen(port, host);
    await once(this.server, 'listening');
    const address = this.server.address() as AddressInfo;
    return { host, port: address.port };
  }

  /** Stops accepting and waits for in-flight requests, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<{ forced: boolean }> {
    this.draining = true;
    this.watches.closeAll();
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const forced = await Promise.race([closed.then(() => false), deadline]);
    clearTimeout(timer);
    if (forced) {
      this.server.closeAllConnections();
      await closed;
    }
    return { forced };
  }

  private route(
    req: IncomingMessage,
    res: ServerResponse,
    inference: InferenceHandler,
    control: Express,
  ): void {
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.draining) this.server.closeIdleConnections();
    });
    if (this.draining) res.setHeader('connection', 'close');
    const match = req.method === 'POST' ? INFER_PATH.exec(req.url ?? '') : null;
    const app = match?.[1];
    if (app !== undefined) inference.handle(req, res, decodePathSegment(app));
    else if (req.method === 'GET' && !this.draining && WATCH_PATH.test(req.url ?? ''))
      this.watches.handle(req, res);
    else void control(req, res);
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
