/**
 * Failovers nothing injected called for: every `node.failed` of a round except the one the
 * injected fault explains — edge-a's first failure between the fault and its re-admission, for
 * a fault that calls for a failover. A partition calls for none, so edge-a's failure during it
 * is false too; so is any survivor's, which CPU burners or packet loss may cause.
 */
import type { ClusterEvent as Event, EventOf } from '../../core/events.ts';
import { FAULTED } from './hand-made-plan.ts';

export interface FalseFailover {
  node: string;
  /** When it was declared, ms from the fault (negative: before it). */
  atMs: number;
  cause: string;
}

export function falseFailovers(options: {
  events: readonly Event[];
  faultAtMs: number;
  expectsFailover: boolean;
}): FalseFailover[] {
  const failures = options.events.filter(
    (e): e is EventOf<'node.failed'> => e.type === 'node.failed',
  );
  const explained = options.expectsFailover ? injectedFailure(options) : undefined;
  return failures
    .filter((e) => e !== explained)
    .map((e) => ({
      node: e.data.node,
      atMs: Math.round((e.data.detectedAtMs - options.faultAtMs) * 100) / 100,
      cause: e.data.cause,
    }));
}

/** Edge-a's first failure after the fault and before any re-admission of it. */
export function injectedFailure(options: {
  events: readonly Event[];
  faultAtMs: number;
}): EventOf<'node.failed'> | undefined {
  const readmittedAt = options.events.findIndex(
    (e) =>
      e.type === 'node.recovered' &&
      e.data.node === FAULTED &&
      e.data.from === 'down' &&
      (e.atMs ?? 0) >= options.faultAtMs,
  );
  const before = readmittedAt < 0 ? options.events : options.events.slice(0, readmittedAt);
  return before.find(
    (e): e is EventOf<'node.failed'> =>
      e.type === 'node.failed' &&
      e.data.node === FAULTED &&
      e.data.detectedAtMs >= options.faultAtMs,
  );
}
