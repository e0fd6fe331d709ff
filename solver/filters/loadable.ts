import type { CandidateFilter } from './filter.ts';

/** Neither the planned variant nor its first step is known to fail to load or answer. */
export const loadableFilter: CandidateFilter = {
  name: 'loadable',
  reason: 'variant-failed-to-load',
  admits: ({ planned, firstStep }) =>
    planned.failedToLoad === undefined && firstStep?.failedToLoad === undefined,
};
