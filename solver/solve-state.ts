/**
 * What the solve pipeline's steps share: the snapshot and options (read-only), the placement
 * being improved, and the best bound so far. Steps are listed in `pipeline.ts`.
 */
import type { DualPrices } from './dual-prices.ts';
import type { Relaxation } from './lagrangian.ts';
import type { MilpBackend } from './milp-backend.ts';
import type { AppOptions } from './options.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';
import type { Snapshot } from './snapshot.ts';

export type BoundMethod = 'lagrangian' | 'lp' | 'milp' | 'none';

export interface SolveSettings {
  /** Stop improving once the gap is at most this fraction. */
  readonly targetGap: number;
  /** Subgradient iterations at most. */
  readonly maxDualIterations: number;
  /** Largest reduced model handed to glpk.js, in columns. */
  readonly maxMilpColumns: number;
  /** Improvement rounds (repair, relocation, local search) at most. */
  readonly maxImproveRounds: number;
  /** Iterated-local-search iterations at most. */
  readonly maxPerturbIterations: number;
  /** Iterations × applications at most: large problems get fewer (each costs more). */
  readonly perturbWork: number;
}

export interface SolveState {
  readonly snapshot: Snapshot;
  readonly candidates: readonly AppOptions[];
  readonly placement: Placement;
  readonly fixedValue: number;
  readonly settings: SolveSettings;
  readonly pacer: Pacer;
  readonly backend: () => Promise<MilpBackend>;
  bound: number;
  boundMethod: BoundMethod;
  relaxation: Relaxation | undefined;
  prices: DualPrices | undefined;
  /** A step stopped because the deadline passed. */
  timedOut: boolean;
  /** Steps that ran, in order, with what they did. */
  readonly trace: string[];
}

export interface SolveStep {
  readonly name: string;
  run(state: SolveState): Promise<void>;
}
