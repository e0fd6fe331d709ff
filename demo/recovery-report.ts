/**
 * What the clients and the event history say about one node failure and the fail-back, as
 * rows and figures. Pure: no I/O. Recovery time is the design's definition: from the kill to
 * the first successful answer a client got from another node, detection included.
 */
import type { ClientAnswer } from '../kit/client-loop.ts';
import type { ClusterEvent as Event, EventOf } from '../core/events.ts';
import type { components } from '../openapi/types.ts';

type Assignment = components['schemas']['Assignment'];

export interface RecoveryRow {
  app: string;
  primaryVariant: string;
  /** The node that first answered after the kill. */
  understudyNode: string | null;
  /** The variant of that first answer, and of the last answer before the node came back. */
  firstVariant: string | null;
  lastVariant: string | null;
  /** `warm`, `cold` or `progressive`: from the agent's `failover.served` event, else the plan. */
  mode: string | null;
  recoveryMs: number | null;
  /** From the kill to the first answer from `lastVariant` when it differs (progressive). */
  upgradedMs: number | null;
  accuracyBefore: number | null;
  accuracyAfter: number | null;
  accuracyAtEnd: number | null;
  requests: number;
  failedRequests: number;
}

export interface RecoveryInput {
  killedNode: string;
  killedAtMs: number;
  /** Answers from this instant on belong to the fail-back, not to the recovery. */
  untilMs: number;
  /** The assignments of the plan in force at the kill. */
  assignments: readonly Assignment[];
  answersOf(app: string): readonly ClientAnswer[];
  events: readonly Event[];
  accuracy(app: string, variant: string): number | null;
}

/** One row per application whose primary was on the killed node. */
export function recoveryRows(input: RecoveryInput): RecoveryRow[] {
  return input.assignments
    .filter((assignment) => assignment.primary.node === input.killedNode)
    .map((assignment) => recoveryRow(assignment, input));
}

function recoveryRow(assignment: Assignment, input: RecoveryInput): RecoveryRow {
  const { app } = assignment;
  const window = input
    .answersOf(app)
    .filter((answer) => answer.atMs >= input.killedAtMs && answer.atMs < input.untilMs);
  const served = window.filter((a) => a.status === 200 && a.node !== input.killedNode);
  const first = served[0];
  const last = served.at(-1);
  const event = input.events.find(
    (e): e is EventOf<'failover.served'> =>
      e.type === 'failover.served' && e.data.app === app && e.data.failedNode === input.killedNode,
  );
  const variantAccuracy = (variant: string | undefined) =>
    variant === undefined ? null : input.accuracy(app, variant);
  return {
    app,
    primaryVariant: assignment.primary.variant,
    understudyNode: first?.node ?? null,
    firstVariant: first?.variant ?? null,
    lastVariant: last?.variant ?? null,
    mode: modeOf(event, assignment),
    recoveryMs: first === undefined ? null : round2(first.atMs - input.killedAtMs),
    upgradedMs: upgradedMs(served, input.killedAtMs),
    accuracyBefore: variantAccuracy(assignment.primary.variant),
    accuracyAfter: variantAccuracy(first?.variant),
    accuracyAtEnd: variantAccuracy(last?.variant),
    requests: window.length,
    failedRequests: window.filter((answer) => answer.status !== 200).length,
  };
}

/** `warm`, `cold` or `progressive` (cold, small first step): as the agent did it, else as planned. */
function modeOf(
  served: EventOf<'failover.served'> | undefined,
  assignment: Assignment,
): string | null {
  if (served?.data.step === 'first-step') return 'progressive';
  if (served !== undefined) return served.data.mode;
  const planned = assignment.understudy;
  if (planned === null || planned === undefined) return null;
  return planned.firstStepVariant === undefined ? planned.mode : 'progressive';
}

/** When the client first saw the last variant, if it is not the first one it saw. */
function upgradedMs(served: readonly ClientAnswer[], killedAtMs: number): number | null {
  const lastVariant = served.at(-1)?.variant;
  if (lastVariant === undefined || lastVariant === served[0]?.variant) return null;
  const upgraded = served.find((answer) => answer.variant === lastVariant);
  return upgraded === undefined ? null : round2(upgraded.atMs - killedAtMs);
}

export interface RecoverySummary {
  /** `node.failed`'s detection instant minus the kill, in ms. */
  detectionMs: number | null;
  detectionCause: string | null;
  meanRecoveryMs: number | null;
  maxRecoveryMs: number | null;
  recoveredApps: number;
  affectedApps: number;
  /** Failed requests of every application between the kill and `untilMs`. */
  failedRequests: number;
  requests: number;
}

export function recoverySummary(
  rows: readonly RecoveryRow[],
  input: Pick<RecoveryInput, 'killedNode' | 'killedAtMs' | 'untilMs' | 'answersOf' | 'events'>,
  apps: readonly string[],
): RecoverySummary {
  const failed = input.events.find(
    (event): event is EventOf<'node.failed'> =>
      event.type === 'node.failed' && event.data.node === input.killedNode,
  );
  const recoveries = rows.flatMap((row) => (row.recoveryMs === null ? [] : [row.recoveryMs]));
  const window = apps.flatMap((app) =>
    input
      .answersOf(app)
      .filter((answer) => answer.atMs >= input.killedAtMs && answer.atMs < input.untilMs),
  );
  return {
    detectionMs: failed === undefined ? null : round2(failed.data.detectedAtMs - input.killedAtMs),
    detectionCause: failed?.data.cause ?? null,
    meanRecoveryMs:
      recoveries.length === 0
        ? null
        : round2(recoveries.reduce((sum, ms) => sum + ms, 0) / recoveries.length),
    maxRecoveryMs: recoveries.length === 0 ? null : Math.max(...recoveries),
    recoveredApps: recoveries.length,
    affectedApps: rows.length,
    failedRequests: window.filter((answer) => answer.status !== 200).length,
    requests: window.length,
  };
}

export interface FailBackRow {
  app: string;
  /** Where the plan in force after fail-back puts the primary. */
  plannedNode: string | null;
  plannedVariant: string | null;
  /** Who answered the client last. */
  node: string | null;
  variant: string | null;
  accuracy: number | null;
  /** The accuracy of the application's primary variant. */
  fullAccuracy: number | null;
  requests: number;
  failedRequests: number;
}

export function failBackRows(input: {
  apps: readonly Assignment[];
  /** The assignments of the fail-back plan, when there is one. */
  planned: readonly Assignment[] | undefined;
  sinceMs: number;
  answersOf(app: string): readonly ClientAnswer[];
  accuracy(app: string, variant: string): number | null;
}): FailBackRow[] {
  return input.apps.map(({ app, primary }) => {
    const window = input.answersOf(app).filter((answer) => answer.atMs >= input.sinceMs);
    const last = window.findLast((answer) => answer.status === 200);
    const planned = input.planned?.find((assignment) => assignment.app === app)?.primary;
    return {
      app,
      plannedNode: planned?.node ?? null,
      plannedVariant: planned?.variant ?? null,
      node: last?.node ?? null,
      variant: last?.variant ?? null,
      accuracy: last?.variant === undefined ? null : input.accuracy(app, last.variant),
      fullAccuracy: input.accuracy(app, primary.variant),
      requests: window.length,
      failedRequests: window.filter((answer) => answer.status !== 200).length,
    };
  });
}

/** Milliseconds to two decimals: client clocks do not resolve finer. */
function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
