/**
 * Cold-load measurement: each load runs in a fresh child process (load-worker.mjs), so the
 * figure is a real cold start — file read, graph optimisation, weight materialisation — and no
 * session or allocator state carries over. Loads run one after another so they do not compete
 * for cores. The OS page cache is not dropped (that needs root); the file is read from memory
 * after the first load, as it would be on a node that staged it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../../core/errors.ts';
import type { TensorSpec } from '../variant.ts';
import { primerModelBytes } from './primer-model.ts';

const WORKER_PATH = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

export interface ColdLoadSample {
  readonly loadMs: number;
  readonly firstRunMs: number;
  /** RSS the session adds after loading, and after its first inference (bytes). */
  readonly addedAfterLoadBytes: number;
  readonly addedAfterRunBytes: number;
}

export interface ColdLoadOptions {
  readonly modelPath: string;
  /** Concrete input shapes for the first inference, with the values an operator gave. */
  readonly inputs: ReadonlyArray<TensorSpec & { readonly values?: ReadonlyArray<number | string> }>;
  /** Kill a child that has not reported after this long (ms). */
  readonly timeoutMs: number;
}

interface WorkerReport {
  readonly ok: boolean;
  readonly code?: 'MODEL_INVALID' | 'RUN_FAILED';
  readonly message?: string;
  readonly loadMs: number;
  readonly firstRunMs: number;
  readonly rssBeforeBytes: number;
  readonly rssAfterLoadBytes: number;
  readonly rssAfterRunBytes: number;
}

/** One cold load in a fresh process. */
export async function coldLoad(options: ColdLoadOptions): Promise<ColdLoadSample> {
  const report = await runWorker(options);
  if (!report.ok) {
    throw new DomainError(
      report.code ?? 'LOAD_WORKER_FAILED',
      `${options.modelPath}: ${report.message ?? 'load failed'}`,
    );
  }
  return {
    loadMs: report.loadMs,
    firstRunMs: report.firstRunMs,
    addedAfterLoadBytes: Math.max(0, report.rssAfterLoadBytes - report.rssBeforeBytes),
    addedAfterRunBytes: Math.max(0, report.rssAfterRunBytes - report.rssBeforeBytes),
  };
}

function runWorker(options: ColdLoadOptions): Promise<WorkerReport> {
  const primer = Buffer.from(primerModelBytes()).toString('base64');
  const inputs = JSON.stringify(options.inputs);
  const args = ['--expose-gc', WORKER_PATH, options.modelPath, inputs, primer];
  // A cold child must not inherit loaders (tsx, coverage) that NODE_OPTIONS may carry.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs,
  });
  return collectReport(child, options.modelPath);
}

/** The child's last stdout line as its report; a child that dies without one is a failure. */
function collectReport(
  child: ChildProcessByStdio<null, Readable, Readable>,
  modelPath: string,
): Promise<WorkerReport> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void =>
      reject(new DomainError('LOAD_WORKER_FAILED', `cold-load worker for ${modelPath} ${why}`));
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as WorkerReport);
      } catch {
        const detail = stderr.trim().split('\n')[0] ?? '';
        if (signal !== null) fail(`was killed (${signal})`);
        else fail(`exited with code ${code}${detail === '' ? '' : `: ${detail}`}`);
      }
    });
  });
}
