import type { VariantFacts } from '../snapshot.ts';
import type { CandidateFilter } from './filter.ts';

/**
 * The planned variant and the first step meet `slo.maxLatencyMs` at p99. A variant without a
 * measured p99 passes: the profiler fills latencies in, and refusing unprofiled models would
 * leave whole clusters unprotected for want of a number.
 */
export const latencyFilter: CandidateFilter = {
  name: 'latency',
  reason: 'no-variant-meets-latency',
  admits: ({ app, planned, firstStep }) =>
    meets(planned, app.maxLatencyMs) &&
    (firstStep === undefined || meets(firstStep, app.maxLatencyMs)),
};

function meets(variant: VariantFacts, maxLatencyMs: number | undefined): boolean {
  return maxLatencyMs === undefined || variant.p99Ms === undefined || variant.p99Ms <= maxLatencyMs;
}
