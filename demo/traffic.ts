/**
 * Steady inference traffic through the planner's router: one client per application sending a
 * request every `intervalMs` whether or not the previous one has answered (a camera does not
 * wait), so a request is always under way when a node dies and recovery is seen as a client
 * sees it. Every answer is recorded with the node and variant that served it.
 */

/** One request as the client saw it. Times are epoch ms with sub-ms precision. */
export interface ClientAnswer {
  sentAtMs: number;
  atMs: number;
  /** HTTP status; 0 when no answer came (connection error, timeout). */
  status: number;
  /** From the `understudy-node` and `understudy-variant` headers of a 200. */
  node?: string;
  variant?: string;
  /** Why it failed: the problem code, or the transport error. */
  problem?: string;
}

export interface TrafficApp {
  app: string;
  /** The JSON inference body. */
  body: string;
}

export interface TrafficOptions {
  /** Base URL of the planner whose router the clients call. */
  baseUrl: string;
  apps: readonly TrafficApp[];
  /** Time between requests of one client, in ms. Default 40. */
  intervalMs?: number;
  /** Requests one client may have under way; further ticks are skipped. Default 16. */
  maxInFlight?: number;
  /** Longest wait for one answer, in ms. Default 10 000. */
  requestTimeoutMs?: number;
}

export const nowMs = (): number => performance.timeOrigin + performance.now();

export class Traffic {
  private readonly answers = new Map<string, ClientAnswer[]>();
  private readonly inFlight = new Map<string, Set<Promise<void>>>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: TrafficOptions) {
    for (const { app } of options.apps) {
      this.answers.set(app, []);
      this.inFlight.set(app, new Set());
    }
  }

  start(): void {
    for (const app of this.options.apps) {
      this.timers.push(setInterval(() => this.tick(app), this.options.intervalMs ?? 40));
    }
  }

  /** Stops sending and resolves once every request under way has answered. */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all([...this.inFlight.values()].flatMap((set) => [...set]));
  }

  /** What one application's client has seen so far, in the order answers came. */
  answersOf(app: string): readonly ClientAnswer[] {
    return this.answers.get(app) ?? [];
  }

  private tick({ app, body }: TrafficApp): void {
    const pending = this.inFlight.get(app);
    if (pending === undefined || pending.size >= (this.options.maxInFlight ?? 16)) return;
    const request = this.send(app, body).then((answer) => {
      this.answers.get(app)?.push(answer);
      pending.delete(request);
    });
    pending.add(request);
  }

  private async send(app: string, body: string): Promise<ClientAnswer> {
    const sentAtMs = nowMs();
    try {
      const response = await fetch(
        `${this.options.baseUrl}/v1/apps/${encodeURIComponent(app)}/infer`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
        },
      );
      const text = await response.text();
      const atMs = nowMs();
      if (response.status === 200) {
        const node = response.headers.get('understudy-node') ?? undefined;
        const variant = response.headers.get('understudy-variant') ?? undefined;
        return { sentAtMs, atMs, status: 200, node, variant };
      }
      return { sentAtMs, atMs, status: response.status, problem: problemCode(text) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { sentAtMs, atMs: nowMs(), status: 0, problem: cause ?? (error as Error).name };
    }
  }
}

function problemCode(text: string): string {
  try {
    const problem = JSON.parse(text) as { code?: unknown };
    return typeof problem.code === 'string' ? problem.code : 'not a problem document';
  } catch {
    return text.slice(0, 60);
  }
}
