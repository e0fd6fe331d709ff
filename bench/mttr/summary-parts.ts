/**
 * Parts of a summary that read the rounds' records beyond the clients: the re-protection after
 * the failover, the way back after the restore, and what the survivors held.
 */
import { max, p50, present, sum } from './figures.ts';
import type { RoundResult } from './round.ts';

export function summariseReprotection(rounds: readonly RoundResult[], appsPerRound: number) {
  const results = present(rounds.map((r) => r.reprotection));
  const published = present(results.map((r) => r.reprotectionMs));
  const applied = present(results.map((r) => r.reprotectedAppliedMs));
  const complete = (r: (typeof results)[number]) =>
    r.reprotectedAppliedMs !== null &&
    r.appsKept === appsPerRound &&
    r.appsProtected === appsPerRound &&
    r.unprotected.length === 0;
  return {
    roundsPublished: published.length,
    roundsApplied: applied.length,
    reprotectionMs: { p50: p50(published), max: max(published) },
    reprotectedAppliedMs: { p50: p50(applied), max: max(applied) },
    appsKept: sum(results, (r) => r.appsKept),
    appsProtected: sum(results, (r) => r.appsProtected),
    roundsWithUnprotected: results.filter((r) => r.unprotected.length > 0).length,
    problems: sum(results, (r) => r.problems.length),
    everyRoundReprotected:
      rounds.length > 0 && results.length === rounds.length && results.every(complete),
  };
}

/** Restore to re-admission and to the fail-back plan applied, over the rounds that failed over. */
export function summariseRestoration(rounds: readonly RoundResult[]) {
  const results = present(rounds.map((r) => r.restoration));
  const readmitted = present(results.map((r) => r.readmittedMs));
  const applied = present(results.map((r) => r.failBackAppliedMs));
  const servedAgain = present(results.map((r) => r.servedAgainMs));
  return {
    roundsRestored: results.length,
    roundsReadmitted: readmitted.length,
    roundsFailedBack: applied.length,
    readmittedMs: { p50: p50(readmitted), max: max(readmitted) },
    failBackAppliedMs: { p50: p50(applied), max: max(applied) },
    servedAgainMs: { p50: p50(servedAgain), max: max(servedAgain) },
    errors: results.flatMap((r) => (r.error === undefined ? [] : [r.error])),
  };
}

/**
 * What the survivors held before the restore against what was declared: agents budget
 * declared MiB, so a measured session (RSS growth at its load) above the declared figure means
 * the budget under-counts. The first load in a process also carries onnxruntime's start-up.
 */
export function survivorMemory(rounds: readonly RoundResult[]) {
  const held = rounds.flatMap((r) => r.survivors.flatMap((s) => ('error' in s ? [] : [s])));
  const sessions = held.flatMap((s) => s.sessions);
  const most = (values: number[]) => (values.length === 0 ? null : Math.max(...values));
  return {
    nodeCapacityMiB: most(held.map((s) => s.capacityMiB)),
    maxDeclaredNodeMiB: most(held.map((s) => s.usedMiB)),
    maxMeasuredNodeMiB: most(held.map((s) => s.measuredMiB)),
    declaredSessionMiB: most(sessions.map((s) => s.memoryMiB)),
    maxMeasuredSessionMiB: most(sessions.map((s) => s.measuredMiB)),
    sessionsMeasuredAboveDeclared: sessions.filter((s) => s.measuredMiB > s.memoryMiB).length,
  };
}
