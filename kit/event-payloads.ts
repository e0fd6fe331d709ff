/**
 * Complete event payloads for tests and benchmarks that append events themselves (a
 * hand-made plan announced to the router, a failure declared without a controller). Each
 * builder fills what a real producer always writes; callers give what matters to them.
 */
import type { EventData } from '../core/events.ts';

/** `plan.published` for a plan written by hand: no solve behind it, nothing diffed. */
export function planPublishedData(
  fields: Pick<EventData<'plan.published'>, 'version'> & Partial<EventData<'plan.published'>>,
): EventData<'plan.published'> {
  return {
    solve: 'hand-made',
    reason: 'requested',
    protectedApps: 0,
    unprotectedApps: 0,
    solver: {
      method: 'hand-made',
      status: 'feasible',
      objective: 0,
      bestBound: 0,
      gapPct: 0,
      timeMs: 0,
    },
    diff: {
      from: fields.version - 1,
      empty: false,
      summary: 'a plan written by hand',
      appsChanged: 0,
      newlyProtected: [],
      newlyUnprotected: [],
      primariesMoved: [],
      accuracyDelta: null,
      recoveryDeltaMs: null,
      loads: 0,
      unloads: 0,
      stages: 0,
      unstages: 0,
      estimatedMs: null,
      truncated: false,
    },
    ...fields,
  };
}

/**
 * `node.failed` as the controller writes it for a crash, at `detectedAtMs` (default now), of
 * the node's first incarnation unless told.
 */
export function nodeFailedData(
  fields: Pick<EventData<'node.failed'>, 'node'> & Partial<EventData<'node.failed'>>,
): EventData<'node.failed'> {
  const detectedAtMs = fields.detectedAtMs ?? Date.now();
  return { cause: 'process-exited', droppedAtMs: detectedAtMs, detectedAtMs, epoch: 1, ...fields };
}

/** `plan.applied` as an agent writes it, holding nothing unless told. */
export function planAppliedData(
  fields: Pick<EventData<'plan.applied'>, 'node' | 'planVersion'> &
    Partial<EventData<'plan.applied'>>,
): EventData<'plan.applied'> {
  return {
    atMs: Date.now(),
    outcome: 'applied',
    sessions: 0,
    staged: 0,
    failures: 0,
    ...fields,
  };
}

/** `node.registered` as an agent writes it on its first start. */
export function nodeRegisteredData(
  fields: Pick<EventData<'node.registered'>, 'node'> & Partial<EventData<'node.registered'>>,
): EventData<'node.registered'> {
  return {
    atMs: Date.now(),
    memoryMiB: 1024,
    address: '127.0.0.1:0',
    domain: null,
    status: 'up',
    epoch: 1,
    ...fields,
  };
}

/**
 * `node.recovered` as the controller writes it on re-admission after the hold-down: the
 * second incarnation, unless told.
 */
export function nodeRecoveredData(
  fields: Pick<EventData<'node.recovered'>, 'node'> & Partial<EventData<'node.recovered'>>,
): EventData<'node.recovered'> {
  return { detectedAtMs: Date.now(), from: 'down', epoch: 2, ...fields };
}

/**
 * A failover step's payload (`failover.started`, `.served`) as the serving agent writes it:
 * a warm understudy of the app, taking over for `failedNode`.
 */
export function failoverData(
  fields: Pick<EventData<'failover.served'>, 'app' | 'node' | 'failedNode' | 'trigger'> &
    Partial<EventData<'failover.served'>>,
): EventData<'failover.served'> {
  return {
    atMs: Date.now(),
    mode: 'warm',
    step: 'warm',
    family: 'family',
    variant: 'variant',
    plannedVariant: fields.variant ?? 'variant',
    ...fields,
  };
}
