/**
 * Forwards one inference request, body untouched, to the agent serving the app now, over
 * keep-alive connections. Inference is idempotent, so when the serving node is gone (the
 * connection is refused or reset) or answers that it does not serve the app (404
 * APP_NOT_SERVED, 409 APP_NOT_ACTIVE, 503 AGENT_DRAINING) the forwarder waits for the route
 * to change and sends again: a client sees latency, not errors. Other answers, validation
 * errors included, pass through as they are.
 */
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../core/errors.ts';
import type { RouteTable, VersionedRoute } from './route-table.ts';

/** Agent answers that mean "not here", so another node should be tried. */
const RETRY_STATUSES = new Set([404, 409, 503]);

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the framing this hop recomputes. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export interface ForwardRequest {
  app: string;
  body: Buffer;
  contentType: string;
  accept?: string;
}

export interface ForwardResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** How many times the request was sent again after the first attempt. */
  retries: number;
  route: VersionedRoute;
}

type Attempt =
  | { kind: 'answer'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'unreachable'; error: Error; reusedSocket: boolean };

/** Options for {@link InferForwarder}. */
export interface InferForwarderOptions {
  routes: Pick<RouteTable, 'get' | 'waitForChange' | 'onChange'>;
  /** How long to wait for a new route when the serving node is gone, in ms. Default 5000. */
  failoverWaitMs?: number;
  /** Connection pool; a keep-alive agent of its own by default. */
  agent?: Agent;
}

export class InferForwarder {
  private readonly agent: Agent;
  private readonly failoverWaitMs: number;

  constructor(private readonly options: InferForwarderOptions) {
    this.agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: 256 });
    this.failoverWaitMs = options.failoverWaitMs ?? 5_000;
  }

  /** Sends until an answer that is not "not here"; throws NOT_FOUND or NO_ROUTE. */
  async forward(req: ForwardRequest): Promise<ForwardResult> {
    const deadlineMs = Date.now() + this.failoverWaitMs;
    let attempts = 0;
    let freshTried = false;
    let last: Attempt | undefined;
    for (;;) {
      const route = this.options.routes.get(req.app);
      if (route === undefined)
        throw new DomainError('NOT_FOUND', `no application ${req.app} in the current plan`);
      if (route.state === 'serving' && route.address !== '') {
        last = await this.send(route, req);
        attempts += 1;
        if (last.kind === 'answer' && !RETRY_STATUSES.has(last.status))
          return { ...answerOf(last), retries: attempts - 1, route };
        // A kept-alive socket the agent closed as idle fails like a dead node; one fresh
        // connection tells the two apart without waiting for a route change.
        if (last.kind === 'unreachable' && last.reusedSocket && !freshTried) {
          freshTried = true;
          continue;
        }
      }
      const remainingMs = deadlineMs - Date.now();
      const changed =
        remainingMs > 0
          ? await this.options.routes.waitForChange(req.app, route.version, remainingMs)
          : undefined;
      if (changed === undefined) throw noRoute(req.app, route, last);
    }
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * One attempt on the route's node. If the route leaves that node while the request is in
   * flight (the node was declared failed: stopped or cut off, it may never answer), the
   * request is abandoned at once and counts as unreachable.
   */
  private send(route: VersionedRoute, req: ForwardRequest): Promise<Attempt> {
    const [host = '', port = ''] = splitAddress(route.address);
    let unsubscribe = () => {};
    const attempt = new Promise<Attempt>((resolve) => {
      const outgoing = request(
        {
          agent: this.agent,
          host,
          port,
          method: 'POST',
          path: `/v1/infer/${encodeURIComponent(req.app)}`,
          headers: {
            'content-type': req.contentType,
            'content-length': req.body.length,
            ...(req.accept === undefined ? {} : { accept: req.accept }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              kind: 'answer',
              status: res.statusCode ?? 502,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', (error) =>
            resolve({ kind: 'unreachable', error, reusedSocket: outgoing.reusedSocket }),
          );
        },
      );
      outgoing.on('error', (error) =>
        resolve({ kind: 'unreachable', error, reusedSocket: outgoing.reusedSocket }),
      );
      unsubscribe = this.options.routes.onChange((changed) => {
        if (changed.app !== req.app) return;
        if (changed.state === 'serving' && changed.node === route.node) return;
        outgoing.destroy(new Error(`the route left ${route.node} while the request was in flight`));
      });
      outgoing.end(req.body);
    });
    return attempt.finally(() => unsubscribe());
  }
}

function answerOf(attempt: Extract<Attempt, { kind: 'answer' }>) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(attempt.headers))
    if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  return { status: attempt.status, headers, body: attempt.body };
}

function noRoute(app: string, route: VersionedRoute, last: Attempt | undefined): DomainError {
  const why =
    last === undefined
      ? `its route is ${route.state} on node ${route.node}`
      : last.kind === 'unreachable'
        ? `node ${route.node} is unreachable (${last.error.message})`
        : `node ${route.node} answered ${last.status}`;
  return new DomainError('NO_ROUTE', `no node served ${app} in time: ${why}`);
}

/** `host:port`, with IPv6 hosts in brackets. */
function splitAddress(address: string): [string, string] {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return [host, address.slice(colon + 1)];
}
