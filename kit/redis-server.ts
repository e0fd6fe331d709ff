/**
 * A private `redis-server`: bound to one address (the loopback, or a test bridge's address so
 * that test hosts reach it) on a free port, keeping nothing on disk, ready once it answers
 * PING. For tests that cut Redis off or kill it without touching the shared one.
 */
import { connect } from 'node:net';
import { freePort } from './free-port.ts';
import { ProcessHandle } from './process-handle.ts';
import { waitUntil } from './wait-until.ts';

export interface RedisServerOptions {
  /** The address it binds. Default 127.0.0.1. */
  host?: string;
  /** Its port. Default one that is free on 127.0.0.1. */
  port?: number;
  /** Command prefix it runs under, e.g. a test host's `launcher`. */
  launcher?: readonly string[];
  /** How long it may take to answer PING, in ms. Default 10 000. */
  readyTimeoutMs?: number;
  /** Where its output is appended as well. */
  logFile?: string;
}

/** Longest a single PING may take, in ms. */
const PING_TIMEOUT_MS = 500;

export class RedisServer {
  private constructor(
    readonly handle: ProcessHandle,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Starts it and resolves once it answers PING; rejects quoting its output if it exits. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freePort());
    const name = `redis-server ${host}:${port}`;
    const handle = ProcessHandle.spawn({
      name,
      command: 'redis-server',
      args: [
        ...['--bind', host, '--port', String(port)],
        ...['--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
      ],
      launcher: options.launcher,
      logFile: options.logFile,
    });
    try {
      await waitUntil(
        `${name} to answer PING`,
        async () => {
          if (!handle.running) {
            const code = await handle.exited;
            const tail = handle.tail(10).join('\n');
            throw new Error(
              `${name} exited (${code}) before it answered PING; it printed:\n${tail}`,
            );
          }
          return (await ping(host, port)) || undefined;
        },
        { timeoutMs: options.readyTimeoutMs ?? 10_000 },
      );
    } catch (error) {
      await handle.kill();
      throw error;
    }
    return new RedisServer(handle, host, port);
  }

  /** `redis://host:port`. */
  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  /** SIGTERM, SIGKILL after 2 s; resolves with the exit code once it is gone. */
  stop(): Promise<number | null> {
    return this.handle.stop({ graceMs: 2_000 });
  }
}

/** True when something on host:port answers PING with PONG. */
function ping(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(PING_TIMEOUT_MS, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
