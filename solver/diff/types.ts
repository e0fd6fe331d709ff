/**
 * The plan diff's view of the wire types generated from `openapi/understudy.yaml`, and the one
 * hand-written input: the family figures that give load-time estimates and app weights.
 */
import type { components } from '../../openapi/types.ts';

type Schemas = components['schemas'];

export type Plan = Schemas['Plan'];
export type Assignment = Schemas['Assignment'];
export type NodeMemory = Schemas['NodeMemory'];
export type Unprotected = Schemas['Unprotected'];
export type PlanDiff = Schemas['PlanDiff'];
export type PlanDiffApp = Schemas['PlanDiffApp'];
export type PlanDiffAppChange = Schemas['PlanDiffAppChange'];
export type PlanDiffAccuracy = Schemas['PlanDiffAccuracy'];
export type PlanDiffRecovery = Schemas['PlanDiffRecovery'];
export type PlanDiffProtection = Schemas['PlanDiffProtection'];
export type PlanDiffNode = Schemas['PlanDiffNode'];
export type PlanDiffNodeMemory = Schemas['PlanDiffNodeMemory'];
export type PlanTransition = Schemas['PlanTransition'];
export type PlanTransitionPhase = Schemas['PlanTransitionPhase'];
export type PlanTransitionPhaseName = Schemas['PlanTransitionPhaseName'];
export type PlanTransitionStep = Schemas['PlanTransitionStep'];
export type PlanDiffDigest = Schemas['PlanDiffDigest'];

/**
 * What the diff knows beyond the two plans: plans name variants but not their families, load
 * times or the apps' weights. Both a `PlanningProblem` and the cluster state fit this shape.
 * Optional: without it the transition time is unknown and every app weighs 1.
 */
export interface DiffFigures {
  readonly families: ReadonlyArray<{
    readonly id: string;
    readonly variants: ReadonlyArray<{ readonly id: string; readonly loadMs: number }>;
  }>;
  readonly apps: ReadonlyArray<{
    readonly id: string;
    readonly family: string;
    /** Default 1. */
    readonly weight?: number;
  }>;
}
