/**
 * Forwards one inference request, body untouched, to the agent serving the app now, over
 * keep-alive connections. Inference is idempotent, so when the serving node is gone (the
 * connection is refused or reset) or answers that it does not serve the app (404
 * APP_NOT_SERVED, 409 APP_NOT_ACTIVE, 503 AGENT_DRAINING) the forwarder waits for the route
 * to change and sends again: a client sees latency, not errors. Other answers, validation
 * errors included, pass through as they are.
 *
 * Hedging: a node that is stopped or cut off closes no connection, so until the heartbeats
 * declare it failed its requests simply hang. When the app has a warm understudy elsewhere
 * and a request is later than the app's hedge delay (its measured p99 plus a margin,
 * hedge-policy.ts), the same request also goes to the understudy (`Understudy-Hedge: 1`,
 * which an idle warm understudy answers) within a budget (hedge-budget.ts); the first real
 * answer goes to the client with `Understudy-Hedged: primary|understudy`, and the other copy
 * is aborted. A node whose port refuses a fresh connection (its agent crashed) is hedged
 * around at once, before the failure is declared. The path of a request that is not late is
 * unchanged but for one timer.
 */
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Registry } from 'prom-client';
import { DomainError } from '../../core/errors.ts';
import { splitAddress } from '../../core/address.ts';
import { HedgeMetrics } from './hedge-metrics.ts';
import type { SuppressReason } from './hedge-metrics.ts';
import { hedgePolicyOf } from './hedge-policy.ts';
import type { HedgeOptions } from './hedge-policy.ts';
import { raceWithHedge } from './hedge-race.ts';
import type { InFlight } from './hedge-race.ts';
import type { HedgeTarget } from './hedge-targets.ts';
import { Hedger } from './hedger.ts';
import type { RouteTable, VersionedRoute } from './route-table.ts';

/** Agent answers that mean "not here", so another node should be tried. */
const RETRY_STATUSES = new Set([404, 409, 503]);

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the framing this hop recomputes. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** The request header that asks an idle warm understudy to answer (openapi/agent.yaml). */
export const HEDGE_REQUEST_HEADER = 'understudy-hedge';
/** The answer header naming whose answer a hedged request got. */
export const HEDGED_HEADER = 'understudy-hedged';

/** Whose answer a hedged request got. */
export type HedgeWinner = 'primary' | 'understudy';

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
  /** Set when the answering attempt was hedged: whose answer this is. */
  hedged?: HedgeWinner;
}

type Attempt =
  | {
      kind: 'answer';
      status: number;
      headers: IncomingHttpHeaders;
      body: Buffer;
      hedged?: HedgeWinner;
    }
  | { kind: 'unreachable'; error: Error; reusedSocket: boolean };

/** Where one copy of a request goes. */
type Destination = Pick<HedgeTarget, 'node' | 'address'>;

/** Options for {@link InferForwarder}. */
export interface InferForwarderOptions {
  /** Where apps are served; without `hedgeTarget` nothing is hedged. */
  routes: Pick<RouteTable, 'get' | 'waitForChange' | 'onChange'> &
    Partial<Pick<RouteTable, 'hedgeTarget'>>;
  /** How long to wait for a new route when the serving node is gone, in ms. Default 5000. */
  failoverWaitMs?: number;
  /** Connection pool; a keep-alive agent of its own by default. */
  agent?: Agent;
  /** Hedging of late requests to warm understudies (defaults in hedge-policy.ts). */
  hedge?: HedgeOptions;
  /** Where the hedging counters are registered (the planner's `/metrics`). */
  registry?: Registry;
}

export class InferForwarder {
  private readonly agent: Agent;
  private readonly failoverWaitMs: number;
  private readonly hedger: Hedger | undefined;

  constructor(private readonly options: InferForwarderOptions) {
    this.agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: 256 });
    this.failoverWaitMs = options.failoverWaitMs ?? 5_000;
    const policy = hedgePolicyOf(options.hedge);
    this.hedger = policy.enabled
      ? new Hedger({ policy, metrics: new HedgeMetrics(options.registry) })
      : undefined;
  }

  /** How long a request to `app` may take now before it is hedged, in ms (diagnostics). */
  hedgeDelayMs(app: string): number | undefined {
    return this.hedger?.delayMs(app);
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
        last = await this.attempt(route, req, deadlineMs);
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
   * One attempt on the route's node, hedged to the app's warm understudy if it is late and
   * the understudy is on another node. A hedge may run until the forward's deadline; the
   * route changing does not abort it, as a warm understudy's answer is an answer wherever
   * the app is routed next.
   */
  private async attempt(
    route: VersionedRoute,
    req: ForwardRequest,
    deadlineMs: number,
  ): Promise<Attempt> {
    const { hedger } = this;
    const target = hedger === undefined ? undefined : this.options.routes.hedgeTarget?.(req.app);
    if (hedger === undefined || target === undefined || target.node === route.node)
      return this.send(route, req).done;
    hedger.requested(req.app);
    const sentAtMs = hedger.nowMs();
    // A refusal for good is counted at once; one to be asked again, if the request ends unhedged.
    let waiting: SuppressReason | undefined;
    const race = await raceWithHedge({
      primary: this.send(route, req),
      delayMs: hedger.delayMs(req.app),
      hedge: ({ primaryFailed }) => {
        const admission = hedger.admit(req.app, route.node, target.node, sentAtMs, primaryFailed);
        waiting = undefined;
        if (!admission.ok && admission.retryInMs !== undefined) {
          waiting = admission.reason;
          return { retryInMs: admission.retryInMs };
        }
        if (!admission.ok) {
          hedger.suppressed(req.app, admission.reason);
          return undefined;
        }
        const hedge = this.send(target, req, { hedge: true, untilMs: deadlineMs });
        void hedge.done.then(() => hedger.release(req.app, target.node));
        return hedge;
      },
      settles: isRealAnswer,
      // A fresh connection refused or reset: the node is gone, the understudy need not wait
      // for the failure to be declared. (A kept-alive socket may just have been closed idle.)
      hedgesAtOnce: (attempt) => attempt.kind === 'unreachable' && !attempt.reusedSocket,
    });
    const { result, by, hedged } = race;
    if (waiting !== undefined) hedger.suppressed(req.app, waiting);
    if (by === 'primary' && result.kind === 'answer' && result.status < 300)
      hedger.recordPrimary(req.app, hedger.nowMs() - sentAtMs);
    if (!hedged || result.kind !== 'answer') return result;
    hedger.settled(req.app, by === 'hedge');
    return { ...result, hedged: by === 'hedge' ? 'understudy' : 'primary' };
  }

  /**
   * One copy of the request to one node. The route's own copy is abandoned at once if the
   * route leaves that node while it is in flight (the node was declared failed: stopped or
   * cut off, it may never answer) and counts as unreachable; a hedge is abandoned at
   * `untilMs` (epoch ms) instead.
   */
  private send(
    to: Destination,
    req: ForwardRequest,
    as: { hedge: true; untilMs: number } | { hedge: false } = { hedge: false },
  ): InFlight<Attempt> {
    const { host, port } = splitAddress(to.address);
    let unsubscribe = () => {};
    const outgoing = request({
      agent: this.agent,
      host,
      port,
      method: 'POST',
      path: `/v1/infer/${encodeURIComponent(req.app)}`,
      headers: {
        'content-type': req.contentType,
        'content-length': req.body.length,
        ...(req.accept === undefined ? {} : { accept: req.accept }),
        ...(as.hedge ? { [HEDGE_REQUEST_HEADER]: '1' } : {}),
      },
    });
    const abort = (why: string) => outgoing.destroy(new Error(why));
    const done = new Promise<Attempt>((resolve) => {
      const unreachable = (error: Error) =>
        resolve({ kind: 'unreachable', error, reusedSocket: outgoing.reusedSocket });
      // destroy(error) reaches 'error' before and after the answer began, and a peer that
      // hangs up mid-answer errors the response: `done` always settles. (Listening for
      // 'close' as well costs ~15 µs a request.)
      outgoing.on('response', (res) => {
        this.hedger?.answered(to.node);
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
        res.on('error', unreachable);
      });
      outgoing.on('error', unreachable);
      unsubscribe = as.hedge
        ? this.abortAt(as.untilMs, () => abort(`the hedge to ${to.node} had no answer in time`))
        : this.options.routes.onChange((changed) => {
            if (changed.app !== req.app) return;
            if (changed.state === 'serving' && changed.node === to.node) return;
            abort(`the route left ${to.node} while the request was in flight`);
          });
      outgoing.end(req.body);
    });
    return { done: done.finally(() => unsubscribe()), abort };
  }

  /** Calls `abort` at `untilMs` (epoch ms); returns the function that cancels it. */
  private abortAt(untilMs: number, abort: () => void): () => void {
    const timer = setTimeout(abort, Math.max(0, untilMs - Date.now()));
    return () => clearTimeout(timer);
  }
}

/** An answer that ends a hedged race: a success, or a client error that is not "not here". */
function isRealAnswer(attempt: Attempt): boolean {
  return attempt.kind === 'answer' && attempt.status < 500 && !RETRY_STATUSES.has(attempt.status);
}

function answerOf(attempt: Extract<Attempt, { kind: 'answer' }>) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(attempt.headers))
    if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  if (attempt.hedged !== undefined) headers[HEDGED_HEADER] = attempt.hedged;
  return { status: attempt.status, headers, body: attempt.body, hedged: attempt.hedged };
}

function noRoute(app: string, route: VersionedRoute, last: Attempt | undefined): DomainError {
  const why =
    last === undefined
      ? `its route is ${route.state} on node ${route.node}${route.reason === undefined ? '' : ` (${route.reason})`}`
      : last.kind === 'unreachable'
        ? `node ${route.node} is unreachable (${last.error.message})`
        : `node ${route.node} answered ${last.status}`;
  return new DomainError('NO_ROUTE', `no node served ${app} in time: ${why}`);
}
