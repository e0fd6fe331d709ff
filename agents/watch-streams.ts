/**
 * `GET /v1/watch`: long-lived `text/event-stream` responses that carry nothing but a
 * `: ping` comment every second. The planner's crash watch holds one per agent: when the
 * agent process dies the kernel closes the socket, which the planner sees at once. The
 * pings keep idle timeouts (ours, proxies') from closing a healthy stream; they touch no
 * Redis. `closeAll()` ends every stream so a drain can finish.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Matches the watch route; the query string is ignored. */
export const WATCH_PATH = /^\/v1\/watch(?:\?.*)?$/;

/** Interval between `: ping` comments, in ms. */
export const WATCH_PING_INTERVAL_MS = 1_000;

export class WatchStreams {
  private readonly open = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pingIntervalMs = WATCH_PING_INTERVAL_MS) {}

  get size(): number {
    return this.open.size;
  }

  /** Opens a stream on `res` and keeps it until the client goes or `closeAll()` runs. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    // The socket stays open for as long as the agent lives; no server timeout may cut it.
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write(': watching\n\n');
    this.open.add(res);
    res.once('close', () => this.forget(res));
    this.timer ??= setInterval(() => this.ping(), this.pingIntervalMs).unref();
  }

  /** Ends every stream (drain): the clients see a clean end, not a reset. */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
    this.stopTimer();
  }

  private ping(): void {
    for (const res of this.open) res.write(': ping\n\n');
  }

  private forget(res: ServerResponse): void {
    this.open.delete(res);
    if (this.open.size === 0) this.stopTimer();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
