/**
 * The way back after a fault is undone: the node's agent learns it was failed and releases what
 * it held (`node.fenced`; a restarted agent holds nothing), it beats steadily for the hold-down
 * and is re-admitted (`node.recovered` from `down`), and the leader's fail-back plan (`reason:
 * 'fail-back'`) is applied by every node it covers. A round waits for all of it, so the next
 * round starts from a healed node; what does not come in time is recorded, not thrown.
 */
import type { ClusterEvent as Event, EventOf } from '../../core/events.ts';
import type { ClientAnswer } from '../../kit/client-loop.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { waitReplanned } from '../../kit/plan-waits.ts';
import { WaitTimeout } from '../../kit/wait-until.ts';
import type { ApiClient } from '../../src/client/api-client.ts';
import { FAULTED } from './hand-made-plan.ts';

export interface Restoration {
  /** Restore to the agent's `node.fenced` for the failed epoch; null when none came. */
  fencedMs: number | null;
  /** Restore to the node's re-admission (`node.recovered` from `down`). */
  readmittedMs: number | null;
  /** How long it beat steadily before the re-admission, as the controller says. */
  steadyForMs: number | null;
  failBackVersion: number | null;
  /** Restore to the fail-back plan's `plan.published`. */
  failBackPublishedMs: number | null;
  /** Restore to the fail-back plan applied on every node it covers. */
  failBackAppliedMs: number | null;
  /** Restore to the first answer from edge-a again that a client of the router saw. */
  servedAgainMs: number | null;
  /** What did not come in time. */
  error?: string;
}

const isReadmission = (event: Event): event is EventOf<'node.recovered'> =>
  event.type === 'node.recovered' && event.data.node === FAULTED && event.data.from === 'down';

/** Waits for the re-admission and the fail-back plan applied, up to `timeoutMs` in all. */
export async function waitForRestoration(options: {
  follower: EventFollower;
  api: ApiClient;
  timeoutMs: number;
}): Promise<string | undefined> {
  const { follower, api } = options;
  const deadline = Date.now() + options.timeoutMs;
  try {
    await follower.waitFor(`${FAULTED} re-admitted`, isReadmission, {
      timeoutMs: options.timeoutMs,
    });
    const remainingMs = Math.max(1, deadline - Date.now());
    await waitReplanned(
      api,
      follower,
      { reason: 'fail-back', node: FAULTED },
      { timeoutMs: remainingMs },
    );
    return undefined;
  } catch (error) {
    if (error instanceof WaitTimeout) return error.message;
    throw error;
  }
}

/** What the events and the clients say about the way back, from `restoredAtMs`. */
export function describeRestoration(options: {
  events: readonly Event[];
  failedEpoch: number;
  restoredAtMs: number;
  answers: readonly ClientAnswer[];
  error: string | undefined;
}): Restoration {
  const { events, restoredAtMs } = options;
  const since = (atMs: number | undefined) =>
    atMs === undefined ? null : round2(atMs - restoredAtMs);
  const fenced = events.find(
    (e) =>
      e.type === 'node.fenced' && e.data.node === FAULTED && e.data.epoch === options.failedEpoch,
  );
  const readmitted = events.find(isReadmission);
  const failBack = events.find(
    (e): e is EventOf<'plan.published'> =>
      e.type === 'plan.published' && e.data.reason === 'fail-back' && e.data.node === FAULTED,
  );
  const version = failBack?.data.version;
  const applied = events.filter(
    (e) => e.type === 'plan.applied' && version !== undefined && e.data.planVersion === version,
  );
  const servedAgain = options.answers.find(
    (a) => a.atMs >= restoredAtMs && a.status === 200 && a.node === FAULTED,
  );
  return {
    fencedMs: since(fenced?.atMs),
    readmittedMs: since(readmitted?.atMs),
    steadyForMs: readmitted?.data.steadyForMs ?? null,
    failBackVersion: version ?? null,
    failBackPublishedMs: since(failBack?.atMs),
    failBackAppliedMs:
      options.error === undefined && applied.length > 0
        ? since(Math.max(...applied.map((e) => e.atMs ?? 0)))
        : null,
    servedAgainMs: since(servedAgain?.atMs),
    ...(options.error === undefined ? {} : { error: options.error }),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
