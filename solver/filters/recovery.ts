import type { CandidateFilter } from './filter.ts';

/** The estimated recovery (see `recovery.ts`) is within `slo.maxRecoveryMs`. */
export const recoveryFilter: CandidateFilter = {
  name: 'recovery',
  reason: 'no-candidate-meets-recovery',
  admits: ({ app, recoveryMs }) => recoveryMs <= app.maxRecoveryMs,
};
