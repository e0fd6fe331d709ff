/**
 * A filter judges one understudy candidate of one application, independent of nodes. Filters
 * run in the order `FILTERS` lists them; when a filter removes an application's last
 * candidates, its `reason` is why the application is unprotected.
 */
import type { AppFacts, Snapshot, VariantFacts } from '../snapshot.ts';
import type { UnderstudyMode, UnprotectedReason } from '../wire.ts';

export interface CandidateDraft {
  readonly app: AppFacts;
  readonly planned: VariantFacts;
  readonly mode: UnderstudyMode;
  /** The progressive first step of a cold candidate; undefined for a direct load or warm. */
  readonly firstStep: VariantFacts | undefined;
  readonly recoveryMs: number;
}

export interface CandidateFilter {
  readonly name: string;
  readonly reason: UnprotectedReason;
  admits(draft: CandidateDraft, snapshot: Snapshot): boolean;
}
