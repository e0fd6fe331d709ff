/**
 * The MILP backend: glpk.js (GLPK compiled to WebAssembly) in a `worker_threads` worker, so a
 * long branch-and-bound never blocks the caller's event loop. GLPK enforces its own time limit
 * (`tmlim`); a watchdog terminates the worker if it overruns that by more than a grace period.
 * Callers depend on the `MilpBackend` interface and may inject another implementation.
 */
import { Worker } from 'node:worker_threads';
import type { LP, Result } from 'glpk.js';
import { DomainError } from '../core/errors.ts';

export type { LP, Result };

export interface GlpkConstants {
  readonly GLP_MAX: number;
  readonly GLP_MIN: number;
  readonly GLP_UP: number;
  readonly GLP_LO: number;
  readonly GLP_DB: number;
  readonly GLP_FX: number;
  readonly GLP_OPT: number;
  readonly GLP_FEAS: number;
  readonly GLP_NOFEAS: number;
  readonly GLP_INFEAS: number;
  readonly GLP_UNDEF: number;
  readonly GLP_UNBND: number;
}

export interface MilpSolveOptions {
  /** GLPK's time limit, in ms. */
  readonly timeLimitMs: number;
  /** Relative MIP gap at which GLPK stops (0 = prove optimality). */
  readonly mipGap: number;
}

export interface MilpBackend {
  readonly constants: GlpkConstants;
  solve(lp: LP, options: MilpSolveOptions): Promise<Result>;
  close(): Promise<void>;
}

/** Grace beyond GLPK's own limit before the worker is killed, in ms. */
const WATCHDOG_GRACE_MS = 2_000;

type WorkerMessage =
  | { ready: true; constants: GlpkConstants }
  | { id: number; result: Result }
  | { id: number; error: string };

export class GlpkWorkerBackend implements MilpBackend {
  readonly constants: GlpkConstants;
  private worker: Worker;
  private nextId = 0;

  private constructor(worker: Worker, constants: GlpkConstants) {
    this.worker = worker;
    this.constants = constants;
  }

  static async start(): Promise<GlpkWorkerBackend> {
    const worker = new Worker(new URL('./glpk-worker.mjs', import.meta.url));
    const constants = await new Promise<GlpkConstants>((resolve, reject) => {
      worker.once('message', (message: WorkerMessage) => {
        if ('ready' in message) resolve(message.constants);
        else reject(new Error('glpk worker spoke before it was ready'));
      });
      worker.once('error', reject);
    }).catch((error: unknown) => {
      void worker.terminate();
      throw new DomainError(
        'SOLVER_BACKEND_FAILED',
        `glpk worker failed to start: ${String(error)}`,
      );
    });
    return new GlpkWorkerBackend(worker, constants);
  }

  solve(lp: LP, options: MilpSolveOptions): Promise<Result> {
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise<Result>((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        reject(new DomainError('SOLVER_BACKEND_FAILED', why));
      };
      const onMessage = (message: WorkerMessage) => {
        if ('ready' in message || message.id !== id) return;
        cleanup();
        if ('error' in message)
          reject(new DomainError('SOLVER_BACKEND_FAILED', `glpk: ${message.error}`));
        else resolve(message.result);
      };
      const onError = (error: Error) => fail(`glpk worker crashed: ${error.message}`);
      const onExit = (code: number) => fail(`glpk worker exited (code ${code})`);
      const watchdog = setTimeout(() => {
        void this.restart();
        fail(`glpk overran its ${options.timeLimitMs} ms limit; worker restarted`);
      }, options.timeLimitMs + WATCHDOG_GRACE_MS);
      const cleanup = () => {
        clearTimeout(watchdog);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({
        id,
        lp,
        options: {
          tmlim: Math.max(options.timeLimitMs, 1) / 1000,
          mipgap: options.mipGap,
          presol: true,
        },
      });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private async restart(): Promise<void> {
    await this.worker.terminate();
    const fresh = await GlpkWorkerBackend.start();
    this.worker = fresh.worker;
  }
}
