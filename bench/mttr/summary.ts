/**
 * The MTTR benchmark's summary per fault and configuration: the client-seen gap per understudy
 * mode against its target, detection, failed requests, false failovers, the re-protection
 * after the failover and the way back after the restore. Percentiles are nearest-rank over
 * every app of every round.
 */
import { round } from '../../profiler/stats.ts';
import type { Baseline } from './baseline.ts';
import { baselineKey } from './baseline.ts';
import type { Fault } from './faults.ts';
import { max, meanOf, min, p50, p99, present, sum } from './figures.ts';
import { modeOf } from './hand-made-plan.ts';
import type { AppSpec, Configuration } from './hand-made-plan.ts';
import type { RoundResult } from './round.ts';
import { summariseReprotection, summariseRestoration, survivorMemory } from './summary-parts.ts';
import { gapTarget, meetsBaseline, meetsGap } from './targets.ts';

export type Summary = ReturnType<typeof summarise>;

/** All the checks that apply hold; null when none applies. */
const allOf = (checks: Array<boolean | null>) => {
  const applied = present(checks);
  return applied.length === 0 ? null : applied.every(Boolean);
};

export function summarise(options: {
  fault: Fault;
  configuration: Configuration;
  rounds: readonly RoundResult[];
  specs: readonly AppSpec[];
  baseline: Baseline | undefined;
}) {
  const { fault, configuration, specs } = options;
  const rounds = options.rounds.filter(
    (r) => r.fault === fault.name && r.configuration === configuration,
  );
  const completed = rounds.filter((r) => r.error === undefined);
  const apps = rounds.flatMap((r) => r.apps);
  const expected = rounds.length * specs.length;
  const gaps = present(apps.map((a) => a.clientGapMs));
  const byMode = summariseModes({ ...options, rounds, apps });
  const recoveredPct = expected === 0 ? 0 : round((100 * gaps.length) / expected, 1);
  const failedRequests = sum(apps, (a) => a.failedRequests);
  const falseFailovers = sum(rounds, (r) => r.falseFailovers.length);
  const roundsFailedOver = rounds.filter((r) => r.faultedNodeFailed).length;
  const detection = present(rounds.map((r) => r.detectionMs));
  const reprotection = summariseReprotection(rounds, specs.length);
  const modes = Object.values(byMode);
  return {
    fault: fault.name,
    faultClass: fault.class,
    configuration,
    rounds: rounds.length,
    roundsCompleted: completed.length,
    roundErrors: rounds.flatMap((r) =>
      r.error === undefined ? [] : [`round ${r.round}: ${r.error}`],
    ),
    roundsRunAgain: rounds.filter((r) => r.earlierErrors !== undefined).length,
    appsExpected: expected,
    appsWithGap: gaps.length,
    recoveredPct,
    clientGapMs: {
      mean: meanOf(gaps),
      p50: p50(gaps),
      p99: p99(gaps),
      min: min(gaps),
      max: max(gaps),
    },
    byMode,
    servedEventMs: { p50: p50(present(apps.map((a) => a.servedEventMs))) },
    detectionMs: {
      rounds: detection.length,
      mean: meanOf(detection),
      p50: p50(detection),
      max: max(detection),
      causes: [...new Set(present(rounds.map((r) => r.detectionCause)))],
    },
    injectMs: {
      p50: p50(present(rounds.map((r) => r.injectMs))),
      max: max(present(rounds.map((r) => r.injectMs))),
    },
    requests: sum(apps, (a) => a.requests),
    failedRequests,
    failedAfterReprotectionPlan: sum(apps, (a) => a.failedAfterReprotectionPlan),
    failedAfterRestore: sum(apps, (a) => a.failedAfterRestore),
    failedBeforeFault: sum(apps, (a) => a.failedBeforeFault),
    falseFailovers,
    roundsFailedOver,
    reprotection,
    restoration: summariseRestoration(rounds),
    survivorMemory: survivorMemory(rounds),
    accuracy: {
      meanBefore: meanOf(present(apps.map((a) => a.accuracyBefore))),
      meanAfterFirstAnswer: meanOf(present(apps.map((a) => a.accuracyAfter))),
      meanAtEnd: meanOf(present(apps.map((a) => a.accuracyAtEnd))),
    },
    targets: {
      gapByMode: Object.fromEntries(Object.entries(byMode).map(([m, s]) => [m, s.target])),
      recoveredPct: fault.expectsFailover ? 100 : null,
      failedRequests: 0,
      falseFailovers: 0,
      failover: fault.expectsFailover ? 'every round' : 'none',
    },
    meetsTargets: {
      meanGap: allOf(modes.map((m) => m.meets.meanGap)),
      p99Gap: allOf(modes.map((m) => m.meets.p99Gap)),
      versusBaseline: allOf(modes.map((m) => m.meets.versusBaseline)),
      recovered: fault.expectsFailover ? recoveredPct === 100 : null,
      failedRequests: apps.length === 0 ? null : failedRequests === 0,
      falseFailovers: completed.length === 0 ? null : falseFailovers === 0,
      noFailover: fault.expectsFailover || completed.length === 0 ? null : roundsFailedOver === 0,
      reprotected: fault.expectsFailover ? reprotection.everyRoundReprotected : null,
    },
  };
}

/** Each understudy mode's gap against its target (and, for a crash, the baseline's mean). */
function summariseModes(options: {
  fault: Fault;
  configuration: Configuration;
  rounds: readonly RoundResult[];
  apps: RoundResult['apps'];
  specs: readonly AppSpec[];
  baseline: Baseline | undefined;
}) {
  const { fault, configuration, rounds, apps, specs, baseline } = options;
  const modes = [...new Set(specs.map((spec) => modeOf(configuration, spec)))];
  return Object.fromEntries(
    modes.map((mode) => {
      const values = present(
        apps.filter((a) => a.understudyMode === mode).map((a) => a.clientGapMs),
      );
      const target = gapTarget(fault.class, mode);
      const gap = {
        mean: meanOf(values),
        p50: p50(values),
        p99: p99(values),
        max: max(values),
      };
      const baselineMeanMs =
        fault.class === 'crash'
          ? baseline?.crashMeanMs.get(baselineKey(configuration, mode))
          : undefined;
      const met = meetsGap(target, gap);
      const perRound = specs.filter((spec) => modeOf(configuration, spec) === mode).length;
      return [
        mode,
        {
          appsExpected: rounds.length * perRound,
          appsWithGap: values.length,
          clientGapMs: gap,
          target,
          baselineMeanMs: baselineMeanMs ?? null,
          meets: {
            meanGap: met.mean,
            p99Gap: met.p99,
            versusBaseline: meetsBaseline(gap.mean, baselineMeanMs),
          },
        },
      ];
    }),
  );
}
