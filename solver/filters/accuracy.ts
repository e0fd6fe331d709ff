import type { CandidateFilter } from './filter.ts';

/** The planned variant, and the first step that serves before it, meet `slo.minAccuracy`. */
export const accuracyFilter: CandidateFilter = {
  name: 'accuracy',
  reason: 'no-variant-meets-accuracy',
  admits: ({ app, planned, firstStep }) =>
    planned.accuracy >= app.minAccuracy &&
    (firstStep === undefined || firstStep.accuracy >= app.minAccuracy),
};
