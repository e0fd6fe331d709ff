/**
 * Loads one staged ONNX file into an onnxruntime session and measures it: the time to build
 * the session and the resident memory it added. The file is checked before onnxruntime sees
 * it, so "not ONNX", "truncated" and "another variant's file" get clear messages, and
 * onnxruntime's own rejections are reported as MODEL_INVALID rather than thrown past the agent.
 * A session that does not keep its family's signature (under the variant's `tensorNames`) is
 * SIGNATURE_MISMATCH: it is refused at load, so it can never be failed over to.
 */
import { readFile } from 'node:fs/promises';
import { InferenceSession } from 'onnxruntime-node';
import type { components } from '../openapi/types.ts';
import { DomainError, firstLine } from '../core/errors.ts';
import type { Clock } from './clock.ts';
import { renamingOf } from '../core/signature-contract.ts';
import type { TensorRenaming } from '../core/signature-contract.ts';
import { checkModelFile } from './model-file-check.ts';
import { assertKeepsContract, signatureOf, underFamilyNamesOf } from './model-signature.ts';
import type { ModelSignature } from './model-signature.ts';
import { zeroFeeds } from './probe-input.ts';

type ModelRef = components['schemas']['ModelRef'];

const BYTES_PER_MIB = 2 ** 20;

export interface LoadedModel {
  readonly session: InferenceSession;
  /** Under the family's names: what requests are checked against. */
  readonly signature: ModelSignature;
  /** The session's own names of the family's tensors, where they differ. */
  readonly renaming: TensorRenaming;
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
    checkModelFile(bytes, model, label);
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
    let own: ModelSignature;
    try {
      own = signatureOf(session, label);
      if (model.signature !== undefined)
        assertKeepsContract(own, model.signature, model.tensorNames, label);
    } catch (error) {
      await session.release();
      throw error;
    }
    if (options.prime) await session.run(zeroFeeds(own.inputs)).catch(() => undefined);
    const measuredMiB = Math.max(0, process.memoryUsage.rss() - rssBefore) / BYTES_PER_MIB;
    return {
      session,
      signature: underFamilyNamesOf(own, model.tensorNames),
      renaming: renamingOf(model.tensorNames),
      measuredMiB: Math.round(measuredMiB * 100) / 100,
      loadMs,
    };
  }
}
