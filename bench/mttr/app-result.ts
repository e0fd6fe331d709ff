/** What one app's client saw in a round: recovery, failures, the variants that answered. */
import type { ClientAnswer } from '../../kit/client-loop.ts';
import type { components } from '../../openapi/types.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { failedCount, failuresOf, firstRecovered } from './client-answers.ts';
import { KILLED } from './hand-made-plan.ts';
import type { AppSpec, UnderstudyMode } from './hand-made-plan.ts';

type Event = components['schemas']['Event'];

const FAILURES_KEPT = 10;

export interface AppResult {
  app: string;
  understudyNode: string;
  understudyMode: UnderstudyMode;
  /** Kill to the first successful answer from a node other than edge-a, seen by the client. */
  recoveryMs: number | null;
  /** Kill to the agent's own `failover.served` instant for this app, if reported. */
  servedEventMs: number | null;
  answeredBy: { node: string; variant: string; role: string } | null;
  requests: number;
  /** Failed requests (non-200 or transport error) that completed after the kill. */
  failedRequests: number;
  /** Of those, the ones completed once the failover plan was published. */
  failedAfterReprotectionPlan: number;
  /** Failed requests before the kill (warm-up; should be 0). */
  failedBeforeKill: number;
  /** The first few failures: ms from the kill (negative: before it), and what came back. */
  failures: Array<{ atMs: number; what: string }>;
  accuracyBefore: number | null;
  accuracyAfter: number | null;
  /** The variant of the client's last successful answer, and its accuracy (after upgrades). */
  lastVariant: string | null;
  lastServedBy: { node: string; role: string } | null;
  accuracyAtEnd: number | null;
}

export function appResult(options: {
  spec: AppSpec;
  mode: UnderstudyMode;
  answers: readonly ClientAnswer[];
  events: readonly Event[];
  killedAtMs: number;
  replannedAtMs: number;
  zoo: BenchZoo;
}): AppResult {
  const { spec, answers, killedAtMs, zoo } = options;
  const first = firstRecovered(answers, killedAtMs, KILLED);
  const last = answers.findLast((a) => a.status === 200 && a.variant !== undefined);
  const served = options.events.find(
    (e) =>
      e.type === 'failover.served' &&
      e.data.app === spec.app &&
      e.data.failedNode === KILLED &&
      typeof e.atMs === 'number',
  );
  const recovered = first !== undefined;
  return {
    app: spec.app,
    understudyNode: spec.understudyNode,
    understudyMode: options.mode,
    recoveryMs: recovered ? round2(first.atMs - killedAtMs) : null,
    servedEventMs: served?.atMs === undefined ? null : round2(served.atMs - killedAtMs),
    answeredBy: recovered
      ? { node: String(first.node), variant: String(first.variant), role: String(first.role) }
      : null,
    requests: answers.length,
    failedRequests: failedCount(answers, (atMs) => atMs >= killedAtMs),
    failedAfterReprotectionPlan: failedCount(answers, (atMs) => atMs >= options.replannedAtMs),
    failedBeforeKill: failedCount(answers, (atMs) => atMs < killedAtMs),
    failures: failuresOf(answers)
      .slice(0, FAILURES_KEPT)
      .map((f) => ({ atMs: round2(f.atMs - killedAtMs), what: f.what })),
    accuracyBefore: zoo.accuracy(spec.family, spec.primaryVariant),
    accuracyAfter: first?.variant === undefined ? null : zoo.accuracy(spec.family, first.variant),
    lastVariant: recovered ? (last?.variant ?? null) : null,
    lastServedBy:
      recovered && last !== undefined ? { node: String(last.node), role: String(last.role) } : null,
    accuracyAtEnd:
      !recovered || last?.variant === undefined ? null : zoo.accuracy(spec.family, last.variant),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
