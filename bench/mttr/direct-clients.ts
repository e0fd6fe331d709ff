/**
 * Clients that call an agent itself (`POST {agent}/v1/infer/{app}`), not the planner's router,
 * one back-to-back loop per app, from a local address of their own. For the partition fault:
 * the planner and Redis are cut off the node while its clients still reach it, and on test
 * hosts the root's default address is the planner's, so the clients bind another one
 * (`TestHosts.addRootAddress`). Answers are recorded as kit/client-loop records them.
 */
import { Agent, request } from 'node:http';
import type { ClientAnswer } from '../../kit/client-loop.ts';
import { nowMs } from '../../kit/now-ms.ts';

export interface DirectTarget {
  app: string;
  /** The agent's base URL, e.g. `http://10.231.7.2:41234`. */
  agentUrl: string;
}

export interface DirectClientsOptions {
  targets: readonly DirectTarget[];
  /** The JSON inference body. */
  body: string;
  /** The local address every request is sent from; default the system's choice. */
  localAddress?: string;
  /** Longest wait for one answer, in ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** Epoch ms after which no client sends any more, a guard against a loop left running. */
  untilMs: number;
}

export class DirectClients {
  private readonly answers = new Map<string, ClientAnswer[]>();
  private readonly loops: Array<Promise<void>> = [];
  private readonly agent: Agent;
  private stopped = false;

  private constructor(private readonly options: DirectClientsOptions) {
    const { localAddress } = options;
    this.agent = new Agent({ keepAlive: true, ...(localAddress ? { localAddress } : {}) });
  }

  static start(options: DirectClientsOptions): DirectClients {
    const clients = new DirectClients(options);
    for (const target of options.targets) {
      const answers: ClientAnswer[] = [];
      clients.answers.set(target.app, answers);
      clients.loops.push(clients.loop(target, answers));
    }
    return clients;
  }

  answersOf(app: string): readonly ClientAnswer[] {
    return this.answers.get(app) ?? [];
  }

  /** Stops sending and resolves once every request under way has answered. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.agent.destroy();
  }

  private async loop(target: DirectTarget, answers: ClientAnswer[]): Promise<void> {
    while (!this.stopped && Date.now() < this.options.untilMs)
      answers.push(await this.send(target));
  }

  private send(target: DirectTarget): Promise<ClientAnswer> {
    const url = new URL(`/v1/infer/${encodeURIComponent(target.app)}`, target.agentUrl);
    const sentAtMs = nowMs();
    const failed = (problem: string, detail: string): ClientAnswer => ({
      sentAtMs,
      atMs: nowMs(),
      status: 0,
      problem,
      detail,
    });
    return new Promise((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(this.options.body),
          },
          timeout: this.options.requestTimeoutMs ?? 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => resolve(failed('ERR_STREAM', error.message)));
          res.on('end', () =>
            resolve({
              sentAtMs,
              atMs: nowMs(),
              status: res.statusCode ?? 0,
              ...fieldsOf(res.statusCode ?? 0, Buffer.concat(chunks).toString()),
            }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer in time')));
      req.on('error', (error: NodeJS.ErrnoException) =>
        resolve(failed(error.code ?? error.name, error.message)),
      );
      req.end(this.options.body);
    });
  }
}

/** Who served a 200; the problem code and detail of anything else. */
function fieldsOf(status: number, text: string): Partial<ClientAnswer> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    return status === 200 ? {} : { problem: text.slice(0, 60) };
  }
  const field = (key: string) => (typeof body[key] === 'string' ? body[key] : undefined);
  if (status === 200)
    return { node: field('node'), variant: field('variant'), role: field('role') };
  return { problem: field('code') ?? 'not a problem document', detail: field('detail') };
}
