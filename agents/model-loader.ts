/**
 * Loads one staged ONNX file into an onnxruntime session and measures it: the time to build
 * the session and the resident memory it added. The file is checked before onnxruntime sees
 * it, so "not ONNX", "truncated" and "another variant's file" get clear messages, and
 * onnxruntime's own rejections are reported as MODEL_INVALID rather than thrown past the agent.
 */
import { readFile } from 'node:fs/promises';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { components } from '../openapi/types.ts';
import { METADATA_KEYS } from '../profiler/model-metadata.ts';
import { readModelHeader } from '../profiler/onnx/read-model-header.ts';
import { DomainError } from '../core/errors.ts';
import type { Clock } from './clock.ts';
import { signatureOf } from './model-signature.ts';
import type { ModelSignature, TensorPort } from './model-signature.ts';
import { NUMERIC_TYPES, elementCount } from './tensor-types.ts';

type ModelRef = components['schemas']['ModelRef'];

const BYTES_PER_MIB = 2 ** 20;

export interface LoadedModel {
  readonly session: InferenceSession;
  readonly signature: ModelSignature;
  /** Resident memory the session added, including one inference's buffers when primed. */
  readonly measuredMiB: number;
  /** Time to build the session, in ms. */
  readonly loadMs: number;
}

export interface ModelLoaderOptions {
  /** onnxruntime intra-op threads per session. */
  intraOpThreads: number;
  clock: Clock;
}

export class ModelLoader {
  private readonly sessionOptions: InferenceSession.SessionOptions;
  private readonly clock: Clock;

  constructor(options: ModelLoaderOptions) {
    this.clock = options.clock;
    this.sessionOptions = {
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
  }

  /**
   * Loads `path` as `model`. With `prime`, runs one inference on zeros first so the first
   * real request does not pay for buffer allocation; a model that cannot run on zeros (a
   * dynamic size that 1 does not fit) still loads.
   */
  async load(path: string, model: ModelRef, options: { prime: boolean }): Promise<LoadedModel> {
    const label = `${model.family}/${model.variant}`;
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new DomainError(
        'MODEL_UNAVAILABLE',
        `${label}: cannot read ${path} (${error.code ?? error.message})`,
      );
    });
    checkFile(bytes, model, label);
    const rssBefore = process.memoryUsage.rss();
    const started = this.clock.nowMs();
    const session = await InferenceSession.create(bytes, this.sessionOptions).catch(
      (error: unknown) => {
        throw new DomainError(
          'MODEL_INVALID',
          `${label}: onnxruntime rejected the model: ${firstLine(error)}`,
        );
      },
    );
    const loadMs = this.clock.nowMs() - started;
    let signature: ModelSignature;
    try {
      signature = signatureOf(session, label);
    } catch (error) {
      await session.release();
      throw error;
    }
    if (options.prime) await session.run(zeroFeeds(signature.inputs)).catch(() => undefined);
    const measuredMiB = Math.max(0, process.memoryUsage.rss() - rssBefore) / BYTES_PER_MIB;
    return { session, signature, measuredMiB: Math.round(measuredMiB * 100) / 100, loadMs };
  }
}

/** Header and provenance check: a zoo file names its family and variant in its metadata. */
function checkFile(bytes: Uint8Array, model: ModelRef, label: string): void {
  let metadata: Readonly<Record<string, string>>;
  try {
    metadata = readModelHeader(bytes, label).metadata;
  } catch (error) {
    throw new DomainError('MODEL_INVALID', firstLine(error));
  }
  const family = metadata[METADATA_KEYS.family];
  const variant = metadata[METADATA_KEYS.variant];
  if (
    (family !== undefined && family !== model.family) ||
    (variant !== undefined && variant !== model.variant)
  ) {
    throw new DomainError(
      'MODEL_MISMATCH',
      `${label}: the file says it is ${family ?? '?'}/${variant ?? '?'} (its understudy metadata)`,
    );
  }
}

function zeroFeeds(inputs: readonly TensorPort[]): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const port of inputs) {
    const dims = port.dims.map((dim) => (typeof dim === 'number' ? dim : 1));
    const count = elementCount(dims);
    feeds[port.name] =
      port.type === 'string'
        ? new Tensor(
            'string',
            Array.from({ length: count }, () => ''),
            dims,
          )
        : new Tensor(port.type, new NUMERIC_TYPES[port.type].array(count), dims);
  }
  return feeds;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
