/**
 * The targets a fault's figures are held to, by how the fault is judged and the understudy's
 * mode, and the judgement of a measured figure against them (`null`: no target applies).
 *
 * - crash (kill): DESIGN.md "Targets" — warm mean ≤ 50 ms, p99 ≤ 100 ms; progressive mean
 *   ≤ 150 ms — and, from issue 13, unchanged or better than a baseline run when one is given
 *   (`--baseline`): its mean at most {@link BASELINE_TOLERANCE} above the baseline's.
 * - silent loss (stop, drop, link, power), issue 13: warm mean ≤ 150 ms, progressive mean
 *   ≤ 300 ms, p99 ≤ 2 × the measured mean.
 * - every fault: 0 failed client requests and 0 false failovers; a partition causes no
 *   failover; a fault that calls for a failover has every app recovered.
 */
import type { FaultClass } from './faults.ts';
import type { UnderstudyMode } from './hand-made-plan.ts';

export interface GapTarget {
  meanMs: number | null;
  p99Ms: number | null;
  /** The p99 at most this many times the measured mean. */
  p99OverMean: number | null;
  source: string;
}

/** A crash's mean may be this fraction above the baseline's and still count as unchanged. */
export const BASELINE_TOLERANCE = 0.1;

const NO_TARGET: GapTarget = { meanMs: null, p99Ms: null, p99OverMean: null, source: 'none' };

const DESIGN_CRASH: Partial<Record<UnderstudyMode, GapTarget>> = {
  warm: {
    meanMs: 50,
    p99Ms: 100,
    p99OverMean: null,
    source: 'DESIGN.md Targets: mean recovery, crash, warm understudy ≤ 50 ms, p99 ≤ 100 ms',
  },
  progressive: {
    meanMs: 150,
    p99Ms: null,
    p99OverMean: null,
    source: 'DESIGN.md Targets: mean recovery, progressive cold understudy ≤ 150 ms',
  },
};

const ISSUE_13_SILENT: Partial<Record<UnderstudyMode, GapTarget>> = {
  warm: {
    meanMs: 150,
    p99Ms: null,
    p99OverMean: 2,
    source: 'issue 13: silent loss, warm understudy: client-seen mean ≤ 150 ms, p99 ≤ 2 × mean',
  },
  progressive: {
    meanMs: 300,
    p99Ms: null,
    p99OverMean: 2,
    source: 'issue 13: silent loss, progressive: client-seen mean ≤ 300 ms, p99 ≤ 2 × mean',
  },
};

/** The client-seen gap's target; a restart baseline, a partition and `none` have none. */
export function gapTarget(faultClass: FaultClass, mode: UnderstudyMode): GapTarget {
  if (faultClass === 'crash') return DESIGN_CRASH[mode] ?? NO_TARGET;
  if (faultClass === 'silent') return ISSUE_13_SILENT[mode] ?? NO_TARGET;
  return NO_TARGET;
}

/** The gap's mean and p99 against the target. */
export function meetsGap(
  target: GapTarget,
  measured: { mean: number | null; p99: number | null },
): { mean: boolean | null; p99: boolean | null } {
  const { mean, p99 } = measured;
  const p99Checks = [
    target.p99Ms === null ? null : p99 !== null && p99 <= target.p99Ms,
    target.p99OverMean === null
      ? null
      : p99 !== null && mean !== null && p99 <= target.p99OverMean * mean,
  ].filter((check): check is boolean => check !== null);
  return {
    mean: target.meanMs === null ? null : mean !== null && mean <= target.meanMs,
    p99: p99Checks.length === 0 ? null : p99Checks.every(Boolean),
  };
}

/** The crash mean against a baseline run's; null without one. */
export function meetsBaseline(mean: number | null, baselineMean: number | undefined) {
  if (baselineMean === undefined) return null;
  return mean !== null && mean <= baselineMean * (1 + BASELINE_TOLERANCE);
}
