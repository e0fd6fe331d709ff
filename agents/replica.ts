import type { InferenceSession } from 'onnxruntime-node';
import type { components } from '../openapi/types.ts';
import type { TensorRenaming } from '../core/signature-contract.ts';
import type { ModelSignature } from './model-signature.ts';

export type ModelRef = components['schemas']['ModelRef'];
export type SessionRole = components['schemas']['SessionSpec']['role'];

/**
 * One loaded session for one application (two apps on the same variant get two replicas, as
 * the planner counts memory). `serving` replicas answer inference; an idle one is a warm
 * understudy waiting for failover.
 */
export interface Replica {
  readonly id: number;
  readonly app: string;
  readonly model: ModelRef;
  role: SessionRole;
  serving: boolean;
  readonly session: InferenceSession;
  /** Under the family's names, as clients send them. */
  readonly signature: ModelSignature;
  /** The session's own names of the family's tensors, where they differ. */
  readonly renaming: TensorRenaming;
  /** Resident memory the session added at load, in MiB. */
  readonly measuredMiB: number;
  readonly loadMs: number;
  readonly loadedAtMs: number;
  /** When it last became the app's active replica (epoch ms). */
  activatedAtMs?: number;
  /** The failed node whose failover activated it, if a failover did. */
  activatedFor?: string;
  /** Inference runs under way; an unload waits for them before releasing the session. */
  readonly inFlight: Set<Promise<unknown>>;
}

/** True when both name the same file of the same variant. */
export function sameModel(a: ModelRef, b: ModelRef): boolean {
  if (a.family !== b.family || a.variant !== b.variant) return false;
  return a.sha256 === undefined || b.sha256 === undefined || a.sha256 === b.sha256;
}

export function modelLabel(model: ModelRef): string {
  return `${model.family}/${model.variant}`;
}
