/**
 * The re-protection after the failover: the leader re-plans from the desired state without
 * edge-a (`plan.published` with `reason: 'failover'`), and each survivor applies its slice
 * (`plan.applied` with that `planVersion`). What the round waits for, and what it records.
 */
import { nodeOf } from '../../core/events.ts';
import type { ClusterEvent as Event, EventOf } from '../../core/events.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { waitPublished } from '../../kit/plan-waits.ts';
import { WaitTimeout } from '../../kit/wait-until.ts';
import type { components as AgentComponents } from '../../openapi/agent-types.ts';
import type { components } from '../../openapi/types.ts';
import { FAULTED, SURVIVORS } from './hand-made-plan.ts';

type Plan = components['schemas']['Plan'];
type AgentState = AgentComponents['schemas']['AgentState'];

export interface Reprotection {
  /** The failover plan's version; null when none was published in time. */
  planVersion: number | null;
  /** Fault to the failover plan's `plan.published` event. */
  reprotectionMs: number | null;
  /** Fault to the last survivor's `plan.applied` of that version; null unless both applied. */
  reprotectedAppliedMs: number | null;
  /** Fault to each survivor's `plan.applied` of that version. */
  appliedMs: Record<string, number | null>;
  /** Apps the plan still runs (an assignment whose primary is on a survivor). */
  appsKept: number;
  /** Apps the plan gives an understudy. */
  appsProtected: number;
  unprotected: Array<{ app: string; reason: string }>;
  /** Each app's placement in the failover plan: `node/variant`, understudy with its mode. */
  assignments: Array<{ app: string; primary: string; understudy: string | null }>;
  /** Plan events of that version other than success: rejected, failed, model failures. */
  problems: string[];
}

const isFailoverPlan = (event: Event): event is EventOf<'plan.published'> =>
  event.type === 'plan.published' &&
  event.data.reason === 'failover' &&
  event.data.node === FAULTED;

/** The plan version a plan event of an agent names (as sent, for a refused one). */
const planVersionOf = (event: Event): unknown =>
  'planVersion' in event.data ? event.data.planVersion : undefined;

const appliedBy = (event: Event, node: string, version: number) =>
  event.type === 'plan.applied' && event.data.node === node && event.data.planVersion === version;

/** Waits until the failover plan is published and applied by both survivors (or `timeoutMs`). */
export async function waitForReprotection(
  follower: EventFollower,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const version = await waitPublished(
    follower,
    { reason: 'failover', node: FAULTED },
    { timeoutMs },
  ).catch(unlessTimedOut);
  if (version === undefined) return;
  for (const node of SURVIVORS) {
    await follower
      .waitFor(
        `${node} done with plan v${version}`,
        (event) =>
          appliedBy(event, node, version) ||
          (nodeOf(event) === node &&
            planVersionOf(event) === version &&
            (event.type === 'plan.rejected' ||
              (event.type === 'plan.failed' && event.data.willRetry === false))),
        { timeoutMs: Math.max(0, deadline - Date.now()) },
      )
      .catch(unlessTimedOut);
  }
}

/** A re-protection that does not come in time is a result, not an error. */
function unlessTimedOut(error: unknown): undefined {
  if (error instanceof WaitTimeout) return undefined;
  throw error;
}

/** What the events and the failover plan say about the re-protection. */
export function describeReprotection(options: {
  events: readonly Event[];
  faultAtMs: number;
  plan: Plan | undefined;
}): Reprotection {
  const { events, faultAtMs, plan } = options;
  const published = events.find(isFailoverPlan);
  const version = published?.data.version ?? null;
  const since = (event: Event | undefined) =>
    event?.atMs === undefined ? null : round2(event.atMs - faultAtMs);
  const appliedMs = Object.fromEntries(
    SURVIVORS.map((node) => [
      node,
      version === null ? null : since(events.find((e) => appliedBy(e, node, version))),
    ]),
  );
  const applied = Object.values(appliedMs);
  return {
    planVersion: version,
    reprotectionMs: since(published),
    reprotectedAppliedMs: applied.some((ms) => ms === null)
      ? null
      : Math.max(...(applied as number[])),
    appliedMs,
    appsKept: (plan?.assignments ?? []).filter((a) =>
      (SURVIVORS as readonly string[]).includes(a.primary.node),
    ).length,
    appsProtected: (plan?.assignments ?? []).filter((a) => a.understudy).length,
    unprotected: (plan?.unprotected ?? []).map(({ app, reason }) => ({ app, reason })),
    assignments: (plan?.assignments ?? []).map((a) => ({
      app: a.app,
      primary: `${a.primary.node}/${a.primary.variant}`,
      understudy: a.understudy
        ? `${a.understudy.node}/${a.understudy.variant} ${a.understudy.mode}` +
          (a.understudy.firstStepVariant ? ` (first step ${a.understudy.firstStepVariant})` : '')
        : null,
    })),
    problems:
      version === null
        ? []
        : events
            .filter(
              (e) =>
                planVersionOf(e) === version &&
                ['plan.rejected', 'plan.failed', 'model.failed'].includes(e.type),
            )
            .map((e) => `${e.type} ${String(nodeOf(e))}: ${JSON.stringify(e.data)}`),
  };
}

/** A survivor's holdings at the end of the round, as its `GET /v1/state` reports them. */
export interface Holdings {
  node: string;
  planVersion: number | null;
  capacityMiB: number;
  /** Declared MiB of the sessions held (what the budget counts). */
  usedMiB: number;
  /** RSS growth measured at each load, summed. */
  measuredMiB: number;
  sessions: Array<{
    app: string;
    model: string;
    role: string;
    serving: boolean;
    memoryMiB: number;
    measuredMiB: number;
  }>;
}

export async function readHoldings(agent: { nodeId: string; url: string }): Promise<Holdings> {
  const state = (await fetch(`${agent.url}/v1/state`).then((r) => r.json())) as AgentState;
  return {
    node: state.node,
    planVersion: state.planVersion ?? null,
    capacityMiB: state.memory.capacityMiB,
    usedMiB: state.memory.usedMiB,
    measuredMiB: state.memory.measuredMiB,
    sessions: state.sessions.map((s) => ({
      app: s.app,
      model: `${s.family}/${s.variant}`,
      role: s.role,
      serving: s.serving,
      memoryMiB: s.memoryMiB,
      measuredMiB: s.measuredMiB,
    })),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
