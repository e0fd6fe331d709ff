import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { CLI } from '../../support/cli.ts';
import { TEST_REDIS_URL } from '../../support/redis.ts';

export interface AgentProcess {
  nodeId: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  child: ChildProcess;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the first log entry (past or future) matching, or rejects after `timeoutMs`. */
  waitForLog(
    match: (entry: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM (unless it exited) and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

export interface AgentProcessOptions {
  nodeId: string;
  prefix: string;
  modelDir: string;
  memoryMiB: number;
  args?: string[];
  timeoutMs?: number;
}

/** Starts `understudy agent` as a real process and resolves once it logs `listening`. */
export async function startAgentProcess(options: AgentProcessOptions): Promise<AgentProcess> {
  const args = [
    CLI,
    'agent',
    '--node-id',
    options.nodeId,
    '--prefix',
    options.prefix,
    '--redis',
    TEST_REDIS_URL,
    '--listen',
    '127.0.0.1:0',
    '--model-dir',
    options.modelDir,
    '--memory-mib',
    String(options.memoryMiB),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Array<Record<string, unknown>> = [];
  const waiters = new Set<(entry: Record<string, unknown>) => void>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      entry = { msg: line };
    }
    logs.push(entry);
    for (const waiter of waiters) waiter(entry);
  });
  const waitForLog = (match: (entry: Record<string, unknown>) => boolean, timeoutMs = 15_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = logs.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `agent ${options.nodeId} did not log the awaited line in time; stderr: ${stderr}`,
          ),
        );
      }, timeoutMs);
      const waiter = (entry: Record<string, unknown>) => {
        if (!match(entry)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(entry);
      };
      waiters.add(waiter);
      child.once('exit', (code) => {
        if (!waiters.has(waiter)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        reject(new Error(`agent ${options.nodeId} exited with ${code}; stderr: ${stderr}`));
      });
    });
  const listening = await waitForLog(
    (entry) => entry.msg === 'listening',
    options.timeoutMs ?? 20_000,
  ).catch((error: unknown) => {
    // An agent that did not start in time must not outlive the test that started it.
    child.kill('SIGKILL');
    throw error;
  });
  const exited = (once(child, 'exit') as Promise<[number | null]>).then(([code]) => code);
  return {
    nodeId: options.nodeId,
    url: String(listening.url),
    child,
    logs,
    waitForLog,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
