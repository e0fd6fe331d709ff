/** What one app's client saw in a round: the gap at the fault, failures, who answered. */
import type { ClientAnswer } from '../../kit/client-loop.ts';
import type { components } from '../../openapi/types.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { failedCount, failuresOf, firstRecovered, longestInFlight } from './client-answers.ts';
import { FAULTED } from './hand-made-plan.ts';
import type { AppSpec, UnderstudyMode } from './hand-made-plan.ts';

type Event = components['schemas']['Event'];

const FAILURES_KEPT = 10;

export interface AppResult {
  app: string;
  understudyNode: string;
  understudyMode: UnderstudyMode;
  /**
   * The gap the client saw: for a fault that calls for a failover, `recoveryMs`; for one that
   * does not (partition, none), `longestLatencyMs`.
   */
  clientGapMs: number | null;
  /** Fault to the first successful answer from a node other than edge-a, seen by the client. */
  recoveryMs: number | null;
  /** The longest latency of a request in flight at the fault or sent before the restore. */
  longestLatencyMs: number | null;
  /** Fault to the agent's own `failover.served` instant for this app, if reported. */
  servedEventMs: number | null;
  answeredBy: { node: string; variant: string; role: string } | null;
  requests: number;
  /** Failed requests (non-200 or transport error) completed after the fault, sent before the restore. */
  failedRequests: number;
  /** Of those, the ones completed once the failover plan was published. */
  failedAfterReprotectionPlan: number;
  /** Failed requests sent after the restore (through the re-admission and the fail-back). */
  failedAfterRestore: number;
  /** Failed requests before the fault (warm-up; should be 0). */
  failedBeforeFault: number;
  /** The first few failures: ms from the fault (negative: before it), and what came back. */
  failures: Array<{ atMs: number; what: string }>;
  accuracyBefore: number | null;
  accuracyAfter: number | null;
  /** The variant of the client's last successful answer before the restore, and its accuracy. */
  lastVariant: string | null;
  lastServedBy: { node: string; role: string } | null;
  accuracyAtEnd: number | null;
}

export function appResult(options: {
  spec: AppSpec;
  mode: UnderstudyMode;
  answers: readonly ClientAnswer[];
  events: readonly Event[];
  faultAtMs: number;
  restoredAtMs: number;
  replannedAtMs: number;
  expectsFailover: boolean;
  zoo: BenchZoo;
}): AppResult {
  const { spec, answers, faultAtMs, restoredAtMs, zoo } = options;
  const first = firstRecovered(answers, faultAtMs, FAULTED);
  const last = answers.findLast(
    (a) => a.status === 200 && a.variant !== undefined && a.sentAtMs < restoredAtMs,
  );
  const served = options.events.find(
    (e) =>
      e.type === 'failover.served' &&
      e.data.app === spec.app &&
      e.data.failedNode === FAULTED &&
      typeof e.atMs === 'number',
  );
  const recovered = first !== undefined;
  const recoveryMs = recovered ? round2(first.atMs - faultAtMs) : null;
  const longest = longestInFlight(answers, faultAtMs, restoredAtMs);
  const longestLatencyMs = longest === undefined ? null : round2(longest);
  const inFault = (a: ClientAnswer) => a.atMs >= faultAtMs && a.sentAtMs < restoredAtMs;
  return {
    app: spec.app,
    understudyNode: spec.understudyNode,
    understudyMode: options.mode,
    clientGapMs: options.expectsFailover ? recoveryMs : longestLatencyMs,
    recoveryMs,
    longestLatencyMs,
    servedEventMs: served?.atMs === undefined ? null : round2(served.atMs - faultAtMs),
    answeredBy: recovered
      ? { node: String(first.node), variant: String(first.variant), role: String(first.role) }
      : null,
    requests: answers.length,
    failedRequests: failedCount(answers, inFault),
    failedAfterReprotectionPlan: failedCount(
      answers,
      (a) => inFault(a) && a.atMs >= options.replannedAtMs,
    ),
    failedAfterRestore: failedCount(answers, (a) => a.sentAtMs >= restoredAtMs),
    failedBeforeFault: failedCount(answers, (a) => a.atMs < faultAtMs),
    failures: failuresOf(answers)
      .slice(0, FAILURES_KEPT)
      .map((f) => ({ atMs: round2(f.atMs - faultAtMs), what: f.what })),
    accuracyBefore: zoo.accuracy(spec.family, spec.primaryVariant),
    accuracyAfter: first?.variant === undefined ? null : zoo.accuracy(spec.family, first.variant),
    lastVariant: last?.variant ?? null,
    lastServedBy: last === undefined ? null : { node: String(last.node), role: String(last.role) },
    accuracyAtEnd: last?.variant === undefined ? null : zoo.accuracy(spec.family, last.variant),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
