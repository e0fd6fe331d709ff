/**
 * One child process as the tests, the demo and the benchmarks drive it: spawned with its
 * output read line by line (and copied to a log file if asked), awaited until it prints the
 * line that says it is ready, and stopped with SIGTERM, then SIGKILL after a grace period.
 *
 * A child in a process group of its own is signalled as a group. That is how a command run
 * through `npx` is stopped: npx runs it in a child process of its own and does not pass a
 * SIGKILL on, so signalling npx alone would leave the real process running.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { waitUntil } from './wait-until.ts';
import { isAlive } from './is-alive.ts';

export type OutputStream = 'stdout' | 'stderr';

/** Looks at one output line; a value other than undefined means it is the awaited one. */
export type LineMatch<T> = (line: string, stream: OutputStream) => T | undefined;

export interface ProcessHandleOptions {
  /** What messages call it: `planner`, `agent edge-1`. */
  name: string;
  command: string;
  args: readonly string[];
  /** The child's whole environment. Default this process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * Runs it in a process group of its own (a Ctrl-C in the terminal then reaches only this
   * process) and signals the whole group. Default false; always so for a command run
   * through `npx`.
   */
  detached?: boolean;
  /** Where every output line is appended as well. */
  logFile?: string;
  /**
   * Command prefix it runs under, e.g. `['ip', 'netns', 'exec', NAME]`. The prefix must exec
   * the command rather than fork it, so that the pid and the signals are the command's.
   */
  launcher?: readonly string[];
}

export interface ReadyOptions {
  /** How long it may take to print the awaited line, in ms. */
  timeoutMs: number;
  /** Lines of stderr quoted when it does not get ready. Default 10. */
  tailLines?: number;
}

export interface StopOptions {
  /** Time between SIGTERM and SIGKILL, in ms. Default 5000. */
  graceMs?: number;
}

/** Output lines kept for error messages. */
const TAIL_CAPACITY = 100;
/** Grace period of a process stopped because it did not get ready, in ms. */
const NOT_READY_GRACE_MS = 2_000;
/** Longest wait for a group's last processes after its leader exited, in ms. */
const GROUP_GONE_TIMEOUT_MS = 10_000;

export class ProcessHandle {
  /**
   * Resolves with the exit code (null when a signal ended it) once the process has exited
   * and all its output has been read.
   */
  readonly exited: Promise<number | null>;
  private readonly listeners = new Set<LineMatch<unknown>>();
  private readonly recent: Array<{ stream: OutputStream; line: string }> = [];
  private readonly group: boolean;
  private readonly logFile: string | undefined;
  private closed = false;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    options: { group: boolean; log: WriteStream | undefined; logFile: string | undefined },
  ) {
    this.group = options.group;
    this.logFile = options.logFile;
    const { log } = options;
    // `close`, not `exit`: output can still arrive after the process has exited.
    this.exited = new Promise((resolve) => {
      child.once('close', (code) => {
        this.closed = true;
        log?.end();
        resolve(code);
      });
      // A process that could not be spawned (ENOENT) reports an error and may never close.
      child.on('error', () => {
        if (child.pid !== undefined) return;
        this.closed = true;
        log?.end();
        resolve(null);
      });
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      const input = child[stream];
      if (input === null) continue;
      createInterface({ input }).on('line', (line) => {
        log?.write(`${line}\n`);
        this.recent.push({ stream, line });
        if (this.recent.length > TAIL_CAPACITY) this.recent.shift();
        for (const listener of this.listeners) listener(line, stream);
      });
    }
  }

  /** Spawns the process; its output is read from now on. */
  static spawn(options: ProcessHandleOptions): ProcessHandle {
    const group = options.detached === true || basename(options.command) === 'npx';
    const [file = options.command, ...args] = [
      ...(options.launcher ?? []),
      options.command,
      ...options.args,
    ];
    const child = spawn(file, args, {
      detached: group,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log: WriteStream | undefined;
    if (options.logFile !== undefined) {
      log = createWriteStream(options.logFile, { flags: 'a' });
      log.on('error', () => undefined); // a log that cannot be written must not end the run
    }
    return new ProcessHandle(options.name, child, { group, log, logFile: options.logFile });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while the process has neither exited nor been killed by a signal. */
  get running(): boolean {
    const { child } = this;
    return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** True once the process has exited and all its output has been read. */
  get finished(): boolean {
    return this.closed;
  }

  /** Calls `listener` with every output line from now on. */
  onLine(listener: (line: string, stream: OutputStream) => void): void {
    this.listeners.add(listener);
  }

  /** The last output lines (of one stream, or of both), oldest first. */
  tail(lines: number, stream?: OutputStream): string[] {
    return this.recent
      .filter((entry) => stream === undefined || entry.stream === stream)
      .slice(-lines)
      .map((entry) => entry.line);
  }

  /**
   * Resolves with what `match` (or the pattern) found in the first line that says the process
   * is ready. A process that exits first, or does not get there within `timeoutMs`, is stopped
   * and the promise rejects, quoting the end of its stderr.
   */
  ready(pattern: RegExp, options: ReadyOptions): Promise<RegExpExecArray>;
  ready<T>(match: LineMatch<T>, options: ReadyOptions): Promise<T>;
  async ready<T>(
    match: RegExp | LineMatch<T>,
    options: ReadyOptions,
  ): Promise<T | RegExpExecArray> {
    const test: LineMatch<T | RegExpExecArray> =
      match instanceof RegExp ? (line) => match.exec(line) ?? undefined : match;
    try {
      return await this.firstLine(test, options.timeoutMs);
    } catch (error) {
      await this.stop({ graceMs: NOT_READY_GRACE_MS });
      const log = this.logFile === undefined ? '' : `; its log is ${this.logFile}`;
      const tail = this.tail(options.tailLines ?? 10, 'stderr').join('\n');
      const ending = tail ? `; its stderr ended:\n${tail}` : '';
      throw new Error(`${(error as Error).message}${log}${ending}`, { cause: error });
    }
  }

  /** Sends a signal (to its group, if it has one of its own); does nothing once it is gone. */
  signal(signal: NodeJS.Signals): void {
    if (!this.group) {
      if (this.running) this.child.kill(signal);
      return;
    }
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: nothing of the group is left
    }
  }

  /**
   * SIGTERM, then SIGKILL if it is still running after `graceMs`; resolves with the exit code
   * once it (and, for a group, every process of the group) is gone. Never throws.
   */
  async stop(options: StopOptions = {}): Promise<number | null> {
    if (!this.alive()) return this.exited;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), options.graceMs ?? 5_000);
    try {
      await this.gone();
    } finally {
      clearTimeout(timer);
    }
    return this.exited;
  }

  /** SIGKILL, as a crash would; resolves once it is gone. */
  async kill(): Promise<void> {
    if (!this.alive()) return;
    this.signal('SIGKILL');
    await this.gone();
  }

  /** SIGKILL without waiting, safe in an `exit` handler; false when it was gone already. */
  killNow(): boolean {
    if (!this.alive()) return false;
    this.signal('SIGKILL');
    return true;
  }

  private firstLine<T>(match: LineMatch<T>, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.child.off('exit', exited);
        this.child.off('error', failedToSpawn);
      };
      const fail = (why: string) => {
        done();
        reject(new Error(`${this.name} ${why}`));
      };
      const listener: LineMatch<unknown> = (line, stream) => {
        const found = match(line, stream);
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const exited = (code: number | null, signal: NodeJS.Signals | null) =>
        fail(`exited before it was ready (${signal ?? code})`);
      const failedToSpawn = (error: Error) => {
        if (this.child.pid === undefined) fail(`could not be started (${error.message})`);
      };
      const timer = setTimeout(() => fail(`was not ready after ${timeoutMs} ms`), timeoutMs);
      this.listeners.add(listener);
      this.child.once('exit', exited);
      this.child.on('error', failedToSpawn);
    });
  }

  /** True while the process runs, or, for a group, any process of its group. */
  private alive(): boolean {
    if (this.running) return true;
    if (!this.group || this.child.pid === undefined) return false;
    return isAlive(-this.child.pid);
  }

  /** Resolves once it has exited and, for a group, every process of the group is gone. */
  private async gone(): Promise<void> {
    if (this.running) await this.exited;
    if (!this.group) return;
    // Bounded, so that `stop` never throws: a group member that ignores SIGKILL cannot exist,
    // but one left unreaped by a careless init would look alive for ever.
    await waitUntil(`${this.name}'s process group gone`, () => !this.alive() || undefined, {
      timeoutMs: GROUP_GONE_TIMEOUT_MS,
    }).catch(() => undefined);
  }
}
