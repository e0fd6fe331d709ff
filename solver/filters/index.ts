/**
 * Every candidate filter, in the order they run. A new rule is a new file and one line here.
 * Accuracy comes first so an application whose family is simply too weak is reported as such,
 * not as a latency or recovery problem; a load failure last, so it is the reason only when it
 * alone removed the last candidates.
 */
import { accuracyFilter } from './accuracy.ts';
import type { CandidateFilter } from './filter.ts';
import { latencyFilter } from './latency.ts';
import { loadableFilter } from './loadable.ts';
import { recoveryFilter } from './recovery.ts';

export type { CandidateDraft, CandidateFilter } from './filter.ts';

export const FILTERS: readonly CandidateFilter[] = [
  accuracyFilter,
  latencyFilter,
  recoveryFilter,
  loadableFilter,
];
