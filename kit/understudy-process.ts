/**
 * A real `understudy serve` or `understudy agent` process, ready once it logs `listening`
 * with its URL. Its pino log lines (stdout) are kept parsed, so a caller can await the one
 * that says something happened.
 */
import { fileURLToPath } from 'node:url';
import { ProcessHandle } from './process-handle.ts';
import type { StopOptions } from './process-handle.ts';
import { waitUntil } from './wait-until.ts';
import type { WaitOptions } from './wait-until.ts';

/** The CLI's entry file, run with this process's node. */
export const UNDERSTUDY_CLI = fileURLToPath(new URL('../bin/understudy.js', import.meta.url));

/** One parsed log line; a line that is not JSON is kept as `{ msg: line }`. */
export type LogEntry = Record<string, unknown>;

export interface UnderstudyProcessOptions {
  /** What messages call it. Default `serve`, or `agent <node id>`. */
  name?: string;
  /** Further arguments, after those the starter builds. */
  args?: string[];
  /** The child's whole environment. Default this process's. */
  env?: NodeJS.ProcessEnv;
  /** How long it may take to log `listening`, in ms. Default 20 000. */
  readyTimeoutMs?: number;
  /** Runs it in a process group of its own. Default false. */
  detached?: boolean;
  /** Where its output is appended as well. */
  logFile?: string;
  /** Told about the process as soon as it is spawned, so it can be killed whatever happens. */
  onSpawn?: (handle: ProcessHandle) => void;
  /** Command prefix it runs under, e.g. a test host's `launcher`; see `ProcessHandleOptions`. */
  launcher?: readonly string[];
}

export interface ServeOptions extends UnderstudyProcessOptions {
  /** `--redis`; omitted, the process reads its environment. */
  redisUrl?: string;
  /** `--prefix`; omitted, the process reads its environment. */
  prefix?: string;
}

export interface AgentOptions extends UnderstudyProcessOptions {
  nodeId: string;
  redisUrl: string;
  prefix: string;
  modelDir: string;
  memoryMiB: number;
  /** `--listen host:port`; port 0 picks a free one. Default `127.0.0.1:0`. */
  listen?: string;
  /** `--advertise host:port`, the address registered for clients. Default the listen address. */
  advertise?: string;
}

/** An `understudy agent` process: one whose node id is known. */
export type AgentProcess = UnderstudyProcess & { readonly nodeId: string };

export class UnderstudyProcess {
  private constructor(
    readonly handle: ProcessHandle,
    /** The URL it logged as `listening`, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
    /** The agent's node id; undefined for `serve`. */
    readonly nodeId: string | undefined,
    /** Every log line so far, parsed, in the order written. */
    readonly logs: readonly LogEntry[],
  ) {}

  /** Starts `understudy serve --port 0` and resolves once it listens. */
  static serve(options: ServeOptions): Promise<UnderstudyProcess> {
    const args = ['serve', '--port', '0'];
    if (options.redisUrl !== undefined) args.push('--redis', options.redisUrl);
    if (options.prefix !== undefined) args.push('--prefix', options.prefix);
    return UnderstudyProcess.start(options.name ?? 'serve', args, undefined, options);
  }

  /** Starts `understudy agent` (on a free loopback port unless told) and resolves once it listens. */
  static async agent(options: AgentOptions): Promise<AgentProcess> {
    const args = [
      'agent',
      ...['--node-id', options.nodeId, '--prefix', options.prefix, '--redis', options.redisUrl],
      ...['--listen', options.listen ?? '127.0.0.1:0', '--model-dir', options.modelDir],
      ...['--memory-mib', String(options.memoryMiB)],
      ...(options.advertise === undefined ? [] : ['--advertise', options.advertise]),
    ];
    const name = options.name ?? `agent ${options.nodeId}`;
    const agent = await UnderstudyProcess.start(name, args, options.nodeId, options);
    return agent as AgentProcess;
  }

  private static async start(
    name: string,
    args: string[],
    nodeId: string | undefined,
    options: UnderstudyProcessOptions,
  ): Promise<UnderstudyProcess> {
    const handle = ProcessHandle.spawn({
      name,
      command: process.execPath,
      args: [UNDERSTUDY_CLI, ...args, ...(options.args ?? [])],
      env: options.env,
      detached: options.detached,
      logFile: options.logFile,
      launcher: options.launcher,
    });
    options.onSpawn?.(handle);
    const logs: LogEntry[] = [];
    handle.onLine((line, stream) => {
      if (stream === 'stdout') logs.push(parseLogLine(line));
    });
    const url = await handle.ready(
      (line, stream) => (stream === 'stdout' ? urlOfListening(line) : undefined),
      { timeoutMs: options.readyTimeoutMs ?? 20_000 },
    );
    return new UnderstudyProcess(handle, url, nodeId, logs);
  }

  get pid(): number {
    return this.handle.pid ?? 0;
  }

  get running(): boolean {
    return this.handle.running;
  }

  /** Resolves with the exit code once the process has exited. */
  get exited(): Promise<number | null> {
    return this.handle.exited;
  }

  /**
   * Resolves with the first log entry, logged already or still to come, that matches;
   * rejects once the process has exited without logging it, or after the timeout.
   */
  waitForLog(
    what: string,
    match: (entry: LogEntry) => boolean,
    options: WaitOptions = {},
  ): Promise<LogEntry> {
    return waitUntil(
      `${this.handle.name} to log ${what}`,
      () => {
        const found = this.logs.find(match);
        if (found !== undefined || !this.handle.finished) return found;
        const stderr = this.handle.tail(10, 'stderr').join('\n');
        throw new Error(`${this.handle.name} exited before it logged ${what}; stderr:\n${stderr}`);
      },
      { intervalMs: 10, ...options },
    );
  }

  /** Sends a signal (SIGSTOP, SIGCONT, SIGTERM) without waiting. */
  signal(signal: NodeJS.Signals): void {
    this.handle.signal(signal);
  }

  /** SIGTERM, SIGKILL after the grace period; resolves with the exit code once it is gone. */
  stop(options?: StopOptions): Promise<number | null> {
    return this.handle.stop(options);
  }

  /** SIGKILL, as a crash would; resolves once it is gone. */
  kill(): Promise<void> {
    return this.handle.kill();
  }
}

/** The `url` of a pino `listening` line, or undefined for any other line. */
function urlOfListening(line: string): string | undefined {
  const entry = parseLogLine(line);
  return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url : undefined;
}

function parseLogLine(line: string): LogEntry {
  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === 'object' && entry !== null ? (entry as LogEntry) : { msg: line };
  } catch {
    return { msg: line };
  }
}
