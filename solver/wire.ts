/**
 * The solver's view of the wire types generated from `openapi/understudy.yaml`. Everything
 * the solver reads or returns is one of these; nothing here is hand-written except the input
 * form, which lets a caller omit the fields the spec gives a default.
 */
import type { components } from '../openapi/types.ts';

type Schemas = components['schemas'];

export type PlanningProblem = Schemas['PlanningProblem'];
export type Plan = Schemas['Plan'];
export type Assignment = Schemas['Assignment'];
export type NodeMemory = Schemas['NodeMemory'];
export type SolverReport = Schemas['SolverReport'];
export type Unprotected = Schemas['Unprotected'];
export type UnprotectedReason = Schemas['UnprotectedReason'];
export type ProtectionLevel = Schemas['ProtectionLevel'];
export type UnderstudyMode = Schemas['UnderstudyMode'];

type ProblemNode = PlanningProblem['nodes'][number];
type ProblemApp = PlanningProblem['apps'][number];

/**
 * A planning problem as a client sends it: `domain`, `weight` and `detectionMs` have defaults in
 * the spec and may be missing (the generated types mark them required because of the default).
 */
export type PlanningProblemInput = Omit<PlanningProblem, 'nodes' | 'apps' | 'detectionMs'> & {
  nodes: (Omit<ProblemNode, 'domain'> & { domain?: string })[];
  apps: (Omit<ProblemApp, 'weight'> & { weight?: number })[];
  detectionMs?: number;
};
