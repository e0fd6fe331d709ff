/**
 * Keeps model files on local disk under `--model-dir`, each verified against its SHA-256.
 * A location is a local path (or file: URL) or an operator-provided http(s) URL; nothing is
 * fetched from anywhere else. Files are written to a temporary name and renamed once their
 * hash and their ONNX header check out (model-file-check.ts), so a staged file is always whole
 * and verified, across restarts too, and a broken cold understudy is known before a failover.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../core/errors.ts';
import { checkModelFile } from './model-file-check.ts';
import { modelLabel } from './replica.ts';
import type { ModelRef } from './replica.ts';

export interface ModelStagerOptions {
  modelDir: string;
  /** Longest wait for an http(s) download, in ms. */
  fetchTimeoutMs: number;
}

export class ModelStager {
  private readonly modelDir: string;
  private readonly fetchTimeoutMs: number;
  private readonly staged = new Map<string, string>();
  private readonly underway = new Map<string, Promise<string>>();

  constructor(options: ModelStagerOptions) {
    this.modelDir = options.modelDir;
    this.fetchTimeoutMs = options.fetchTimeoutMs;
  }

  /** The local file of `model` if this process staged it already (no I/O: failover uses it). */
  stagedPath(model: ModelRef): string | undefined {
    return this.staged.get(keyOf(model));
  }

  /** Stages `model` (once; concurrent calls share the work) and returns its local path. */
  stage(model: ModelRef): Promise<string> {
    const key = keyOf(model);
    const done = this.staged.get(key);
    if (done !== undefined) return Promise.resolve(done);
    let work = this.underway.get(key);
    if (work === undefined) {
      work = this.copy(model)
        .then((path) => {
          this.staged.set(key, path);
          return path;
        })
        .finally(() => this.underway.delete(key));
      this.underway.set(key, work);
    }
    return work;
  }

  private async copy(model: ModelRef): Promise<string> {
    const dir = join(this.modelDir, model.family);
    const target = join(dir, `${model.variant}-${model.sha256?.slice(0, 16) ?? 'unverified'}.onnx`);
    if (model.sha256 !== undefined && (await exists(target))) return target;
    await mkdir(dir, { recursive: true });
    const temporary = `${target}.${process.pid}.${Date.now()}.part`;
    try {
      const sha256 = await this.download(model, temporary);
      if (model.sha256 !== undefined && sha256 !== model.sha256) {
        throw new DomainError(
          'CHECKSUM_MISMATCH',
          `${modelLabel(model)}: ${model.location} has SHA-256 ${sha256}, the plan expects ${model.sha256}`,
        );
      }
      checkModelFile(await readFile(temporary), model, modelLabel(model));
      await rename(temporary, target);
      return target;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Copies the location's bytes to `path`, returning their SHA-256 (hex). */
  private async download(model: ModelRef, path: string): Promise<string> {
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const source = await this.open(model);
    await pipeline(source, hashing, createWriteStream(path)).catch((error: unknown) => {
      if (error instanceof DomainError) throw error;
      throw unavailable(model, error);
    });
    return hash.digest('hex');
  }

  private async open(model: ModelRef): Promise<Readable> {
    const location = model.location;
    if (/^https?:\/\//i.test(location)) {
      const response = await fetch(location, {
        signal: AbortSignal.timeout(this.fetchTimeoutMs),
      }).catch((error: unknown) => {
        throw unavailable(model, error);
      });
      if (!response.ok || response.body === null)
        throw unavailable(model, `HTTP ${response.status}`);
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    }
    const path = location.startsWith('file:') ? fileURLToPath(location) : location;
    const stream = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(unavailable(model, error)));
    });
    return stream;
  }
}

function keyOf(model: ModelRef): string {
  return [model.family, model.variant, model.location, model.sha256 ?? ''].join('\u0000');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

function unavailable(model: ModelRef, cause: unknown): DomainError {
  const reason =
    cause instanceof Error
      ? ((cause as NodeJS.ErrnoException).code ?? cause.message)
      : String(cause);
  return new DomainError(
    'MODEL_UNAVAILABLE',
    `${modelLabel(model)}: cannot read ${model.location} (${reason})`,
  );
}
