/**
 * Inference clients, one per application, calling the planner's router (`POST
 * /v1/apps/{id}/infer`) until stopped, and recording every answer with the instant it came and
 * the node and variant that served it — recovery as a client sees it. A client either calls
 * back to back (the next request once the last one answered), or on a fixed pace whether or
 * not the last one answered, as a camera does, so that a request is always under way when a
 * node dies.
 */
import { nowMs } from './now-ms.ts';
import { waitUntil } from './wait-until.ts';
import type { WaitOptions } from './wait-until.ts';

/** One request as its client saw it. Times are epoch ms with sub-ms precision (`nowMs`). */
export interface ClientAnswer {
  sentAtMs: number;
  atMs: number;
  /** HTTP status; 0 when no answer came (connection error, timeout). */
  status: number;
  /** Of a 200: who served it. */
  node?: string;
  variant?: string;
  role?: string;
  /** Why it failed: the problem code, or the transport error's code. */
  problem?: string;
  /** The problem's detail, or the transport error's message. */
  detail?: string;
  /** How often the router sent the request again (its `understudy-route-retries` header). */
  routeRetries?: number;
}

export interface ClientApp {
  app: string;
  /** The JSON inference body. */
  body: string;
}

export interface ClientLoopOptions {
  /** Base URL of the planner whose router the clients call; a function to follow a standby. */
  baseUrl: string | (() => string);
  /**
   * `agent`: `baseUrl` is one agent's, called directly (`POST /v1/infer/{app}`), as a client
   * that reaches the node without the router does. Default `router`.
   */
  via?: 'router' | 'agent';
  apps: readonly ClientApp[];
  /** Time between two requests of one client, in ms; 0 calls back to back. Default 0. */
  intervalMs?: number;
  /** Requests one paced client may have under way; further ticks are skipped. Default 16. */
  maxInFlight?: number;
  /** Longest wait for one answer, in ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** Epoch ms after which no client sends any more, a guard against a loop left running. */
  untilMs?: number;
}

export class ClientLoop {
  private readonly answers = new Map<string, ClientAnswer[]>();
  private readonly inFlight = new Map<string, Set<Promise<void>>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly loops: Array<Promise<void>> = [];
  private stopped = false;

  private constructor(private readonly options: ClientLoopOptions) {
    for (const { app } of options.apps) {
      this.answers.set(app, []);
      this.inFlight.set(app, new Set());
    }
  }

  /** Starts one client per application. */
  static start(options: ClientLoopOptions): ClientLoop {
    const loop = new ClientLoop(options);
    const intervalMs = options.intervalMs ?? 0;
    for (const app of options.apps) {
      if (intervalMs > 0) loop.timers.push(setInterval(() => loop.tick(app), intervalMs));
      else loop.loops.push(loop.backToBack(app));
    }
    return loop;
  }

  /** Stops sending and resolves once every request under way has answered. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all([...this.loops, ...[...this.inFlight.values()].flatMap((set) => [...set])]);
  }

  /** What one application's client has seen so far, in the order answers came. */
  answersOf(app: string): readonly ClientAnswer[] {
    return this.answers.get(app) ?? [];
  }

  /** One application's answers that were not 200 (transport errors included). */
  failuresOf(app: string): ClientAnswer[] {
    return this.answersOf(app).filter((answer) => answer.status !== 200);
  }

  /** Resolves with the first 200 from `node` that came at or after `sinceMs` (epoch ms). */
  waitForAnswerFrom(
    app: string,
    node: string,
    options: WaitOptions & { sinceMs?: number } = {},
  ): Promise<ClientAnswer> {
    const { sinceMs = 0, ...wait } = options;
    return waitUntil(
      `an answer to ${app} from ${node}`,
      () =>
        this.answersOf(app).find(
          (answer) => answer.atMs >= sinceMs && answer.status === 200 && answer.node === node,
        ),
      { intervalMs: 5, ...wait },
    );
  }

  private sending(): boolean {
    return (
      !this.stopped && (this.options.untilMs === undefined || Date.now() < this.options.untilMs)
    );
  }

  private async backToBack({ app, body }: ClientApp): Promise<void> {
    const answers = this.answers.get(app);
    while (answers !== undefined && this.sending()) answers.push(await this.send(app, body));
  }

  private tick({ app, body }: ClientApp): void {
    const pending = this.inFlight.get(app);
    if (pending === undefined || !this.sending()) return;
    if (pending.size >= (this.options.maxInFlight ?? 16)) return;
    const request = this.send(app, body).then((answer) => {
      this.answers.get(app)?.push(answer);
      pending.delete(request);
    });
    pending.add(request);
  }

  private async send(app: string, body: string): Promise<ClientAnswer> {
    const { baseUrl } = this.options;
    const path =
      this.options.via === 'agent'
        ? `/v1/infer/${encodeURIComponent(app)}`
        : `/v1/apps/${encodeURIComponent(app)}/infer`;
    const url = `${typeof baseUrl === 'string' ? baseUrl : baseUrl()}${path}`;
    const sentAtMs = nowMs();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      const text = await response.text();
      const retries = response.headers.get('understudy-route-retries');
      return {
        sentAtMs,
        atMs: nowMs(),
        status: response.status,
        ...fieldsOf(response.status, text),
        ...(retries === null ? {} : { routeRetries: Number(retries) }),
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const { name, message } = error as Error;
      return { sentAtMs, atMs: nowMs(), status: 0, problem: cause ?? name, detail: message };
    }
  }
}

/** Who served a 200, from its JSON body; the problem code and detail of anything else. */
function fieldsOf(
  status: number,
  text: string,
): Pick<ClientAnswer, 'node' | 'variant' | 'role' | 'problem' | 'detail'> {
  const body = parseObject(text);
  if (body === undefined) return status === 200 ? {} : { problem: text.slice(0, 60) };
  const field = (key: string) => {
    const value = body[key];
    return typeof value === 'string' ? value : undefined;
  };
  if (status === 200)
    return { node: field('node'), variant: field('variant'), role: field('role') };
  return { problem: field('code') ?? 'not a problem document', detail: field('detail') };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
