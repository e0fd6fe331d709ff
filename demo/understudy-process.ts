/**
 * One `understudy serve|agent` child of the demo: its output goes to a log file (the terminal
 * stays readable), the last lines are shown if it fails to start, and it is ready once it logs
 * `listening` with its URL. Children run in their own process group, so a Ctrl-C reaches only
 * the demo, which stops them in order.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isRunning, stopChild } from './stop-child.ts';

const CLI = fileURLToPath(new URL('../bin/understudy.js', import.meta.url));
/** Lines of a child's output shown when it fails to start. */
const TAIL_LINES = 5;

export interface UnderstudyProcessOptions {
  /** What the demo calls it: `planner`, `edge-1`. */
  name: string;
  /** Arguments after `understudy`, e.g. `['serve', '--port', '0']`. */
  args: string[];
  /** Where stdout and stderr go. */
  logFile: string;
  /** How long it may take to log `listening`, in ms. */
  readyTimeoutMs: number;
  /** The child's environment. Default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Told about the child as soon as it is spawned, so it can be killed whatever happens. */
  onSpawn?: (child: ChildProcess) => void;
}

export class UnderstudyProcess {
  private constructor(
    readonly url: string,
    readonly pid: number,
    private readonly child: ChildProcess,
  ) {}

  /** Spawns it and resolves once it logs `listening`; kills it and rejects otherwise. */
  static async start(options: UnderstudyProcessOptions): Promise<UnderstudyProcess> {
    const child = spawn(process.execPath, [CLI, ...options.args], {
      detached: true,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    const log = createWriteStream(options.logFile, { flags: 'a' });
    log.on('error', () => undefined); // a log that cannot be written must not end the demo
    const lines: string[] = [];
    const record = (line: string) => {
      log.write(`${line}\n`);
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
    };
    // `close`, not `exit`: output can still arrive after the process has exited.
    child.once('close', () => log.end());
    createInterface({ input: child.stderr! }).on('line', record);
    const stdout = createInterface({ input: child.stdout! });
    stdout.on('line', record);
    try {
      const url = await listeningUrl(child, stdout, options);
      return new UnderstudyProcess(url, child.pid!, child);
    } catch (error) {
      await stopChild(child, 2_000);
      log.end();
      await closed(log);
      const tail = lines.join('\n');
      throw new Error(
        `${(error as Error).message}; its log is ${options.logFile}${tail ? `, ending:\n${tail}` : ''}`,
      );
    }
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  /** SIGKILL, as a crash would; resolves once the process is gone. */
  async crash(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM, SIGKILL after `timeoutMs`; resolves once the process is gone. */
  stop(timeoutMs: number): Promise<void> {
    return stopChild(this.child, timeoutMs);
  }
}

function listeningUrl(
  child: ChildProcess,
  stdout: ReturnType<typeof createInterface>,
  options: UnderstudyProcessOptions,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} was not ready after ${options.readyTimeoutMs} ms`)),
      options.readyTimeoutMs,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} could not be started (${error.message})`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited before it was ready (${signal ?? code})`));
    });
    stdout.on('line', (line) => {
      const url = urlOfListening(line);
      if (url === undefined) return;
      clearTimeout(timer);
      resolve(url);
    });
  });
}

/** The `url` of a pino `listening` line, or undefined for any other line. */
export function urlOfListening(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}
