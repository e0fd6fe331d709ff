/**
 * What the agent benchmarks drive: real `understudy agent` processes, the node queues a
 * planner would fill, and the event stream a controller would append to — the same parts
 * the tests use, without the test runner.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request, Agent as HttpAgent } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { components } from '../../openapi/types.ts';
import { createStore, Keys } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { APPLY_PLAN_JOB, planQueueOf } from '../../core/plan-jobs.ts';

type Schemas = components['schemas'];
type Event = Schemas['Event'];

const CLI = fileURLToPath(new URL('../../bin/understudy.js', import.meta.url));

export interface AgentRun {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `understudy agent` and resolves once it listens. */
export async function startAgent(options: {
  nodeId: string;
  prefix: string;
  redisUrl: string;
  modelDir: string;
  memoryMiB: number;
}): Promise<AgentRun> {
  const args = [
    'agent',
    '--node-id',
    options.nodeId,
    '--prefix',
    options.prefix,
    '--redis',
    options.redisUrl,
  ];
  args.push(
    '--listen',
    '127.0.0.1:0',
    '--model-dir',
    options.modelDir,
    '--memory-mib',
    String(options.memoryMiB),
  );
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`agent exited with ${code}`)));
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening' && entry.url !== undefined) resolve(entry.url);
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The planner's side of the node queues: enqueue an `apply-plan` job and await its result. */
export class Planner {
  private readonly connection: Redis;
  private readonly store: Store;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.store = createStore({ redis: this.connection, prefix });
  }

  async apply(slice: Schemas['NodePlanSlice']): Promise<Schemas['ApplyPlanResult']> {
    const { keys } = this.store;
    const { name, prefix } = planQueueOf(keys, slice.node);
    const queue = new Queue(name, { connection: this.connection, prefix });
    // BullMQ leaves a connection it was given open on close(); this one is ours to end.
    const eventsConnection = this.connection.duplicate();
    const events = new QueueEvents(name, { connection: eventsConnection, prefix });
    try {
      await events.waitUntilReady();
      const job = await queue.add(APPLY_PLAN_JOB, slice);
      return (await job.waitUntilFinished(events, 120_000)) as Schemas['ApplyPlanResult'];
    } finally {
      await events.close();
      eventsConnection.disconnect();
      await queue.close();
    }
  }

  close(): void {
    this.connection.disconnect();
  }
}

/** Appends events as a controller would and follows the stream with XREAD BLOCK. */
export class EventStream {
  private readonly writer: Store;
  private readonly reader: Store;
  private readonly redis: Redis[];
  private cursor = '0-0';

  constructor(redisUrl: string, prefix: string) {
    const writer = new Redis(redisUrl);
    const reader = new Redis(redisUrl);
    this.redis = [writer, reader];
    this.writer = createStore({ redis: writer, prefix });
    this.reader = createStore({ redis: reader, prefix });
  }

  async start(): Promise<void> {
    this.cursor = await this.reader.events.lastCursor();
  }

  /** Appends with the caller's instant (epoch ms, sub-ms precision). */
  append(type: Event['type'], data: Record<string, unknown>, atMs: number): Promise<string> {
    return this.writer.events.append(type, data, atMs);
  }

  /** Reads on until every predicate matched one event; returns those events, in order. */
  async until(matches: Array<(event: Event) => boolean>, timeoutMs = 60_000): Promise<Event[]> {
    const found: Array<Event | undefined> = matches.map(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (found.some((event) => event === undefined)) {
      if (Date.now() > deadline) throw new Error('events did not arrive in time');
      const page = await this.reader.events.readBlocking({
        after: this.cursor,
        blockMs: 1_000,
        limit: 200,
      });
      this.cursor = page.next;
      for (const event of page.items) {
        matches.forEach((match, i) => {
          if (found[i] === undefined && match(event)) found[i] = event;
        });
      }
    }
    return found as Event[];
  }

  close(): void {
    for (const redis of this.redis) redis.disconnect();
  }
}

/** A keep-alive HTTP client with one connection: the lowest-overhead way to call an agent. */
export class KeepAliveClient {
  private readonly agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  private readonly port: number;

  constructor(port: number) {
    this.port = port;
  }

  /** POSTs and resolves with status and body once the whole answer is read. */
  post(
    path: string,
    contentType: string,
    body: Buffer | string,
  ): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path,
          agent: this.agent,
          headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Deletes every key of the benchmark's prefix, and nothing else. */
export async function deletePrefixKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', new Keys(prefix).all(), 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
