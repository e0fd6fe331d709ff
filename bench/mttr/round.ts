/**
 * One round of the MTTR benchmark: a fresh cluster (round-cluster.ts), one client loop per app
 * (through the planner's router, or — for a partition, which cuts the planner off — calling
 * edge-a's agent itself), one fault injected into edge-a, and what the clients and the events
 * saw: through the failover and the re-protection that follows it, then the restore, the
 * node's re-admission and the fail-back plan applied. A fault that calls for no failover
 * (partition, none) lasts `windowMs`. Everything started here is stopped, and whatever fault
 * is still in force undone, before the round returns.
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterEvent as Event, EventOf } from '../../core/events.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { waitWatched } from '../../kit/plan-waits.ts';
import { pause, waitUntil } from '../../kit/wait-until.ts';
import type { components } from '../../openapi/types.ts';
import { appResult } from './app-result.ts';
import type { AppResult } from './app-result.ts';
import type { BenchNetwork, NetworkKind } from './bench-network.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { firstRecovered } from './client-answers.ts';
import { falseFailovers, injectedFailure } from './false-failovers.ts';
import type { FalseFailover } from './false-failovers.ts';
import type { Fault, FaultName, FaultTarget } from './faults.ts';
import { FAULTED, modeOf, SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec, Configuration } from './hand-made-plan.ts';
import { describeReprotection, readHoldings, waitForReprotection } from './reprotection.ts';
import type { Holdings, Reprotection } from './reprotection.ts';
import { describeRestoration, waitForRestoration } from './restoration.ts';
import type { Restoration } from './restoration.ts';
import { allAnswers, startClients, warmUp } from './round-clients.ts';
import type { Clients } from './round-clients.ts';
import { READY_TIMEOUT_MS, RoundCluster } from './round-cluster.ts';
import type { Teardown } from './teardown.ts';

type Plan = components['schemas']['Plan'];

export interface RoundResult {
  fault: FaultName;
  configuration: Configuration;
  round: number;
  network: NetworkKind;
  prefix: string | null;
  /** How long injecting the fault took; its instant is the injection's start. */
  injectMs: number | null;
  /** Fault to the `node.failed` of edge-a (for a partition or none: a false one). */
  detectionMs: number | null;
  detectionCause: string | null;
  /** Edge-a was declared failed during the fault. */
  faultedNodeFailed: boolean;
  /** Every `node.failed` of the round that the injected fault does not explain. */
  falseFailovers: FalseFailover[];
  /** Fault to restore. */
  faultLastedMs: number | null;
  apps: AppResult[];
  reprotection: Reprotection | null;
  restoration: Restoration | null;
  /** The survivors' holdings before the restore (or why they could not be read). */
  survivors: Array<Holdings | { node: string; error: string }>;
  error?: string;
  /** Errors of earlier attempts of this round (a round that failed is run once more). */
  earlierErrors?: string[];
}

export interface RoundOptions {
  fault: Fault;
  configuration: Configuration;
  round: number;
  apps: readonly AppSpec[];
  zoo: BenchZoo;
  network: BenchNetwork;
  /** The planner's hold-down, in ms. */
  holdDownMs: number;
  /** How long a fault that calls for no failover lasts, in ms. */
  windowMs: number;
  tempDir: (label: string) => Promise<string>;
  teardown: Teardown;
}

const RECOVERY_TIMEOUT_MS = 10_000;
/** The leader waits up to 10 s for understudies to settle, then solves (default limit 10 s). */
const REPROTECTION_TIMEOUT_MS = 30_000;
/** Restore to the fail-back plan applied: fence, hold-down, solve, loads. */
const RESTORATION_TIMEOUT_MS = 30_000;
/** How long the clients keep going once a wait is over (re-protection, fail-back). */
export const TAIL_MS = 500;
export async function runRound(options: RoundOptions): Promise<RoundResult> {
  const { fault, configuration, round, network } = options;
  const base = { fault: fault.name, configuration, round, network: network.kind };
  let cluster: RoundCluster | undefined;
  let clients: Clients | undefined;
  let restored = false;
  try {
    cluster = await RoundCluster.start({
      ...options,
      label: `${fault.name}-${configuration}-${round}`,
    });
    clients = startClients({
      fault,
      cluster,
      apps: options.apps,
      localAddress: options.network.clientAddress,
      untilMs: Date.now() + 4 * READY_TIMEOUT_MS + RESTORATION_TIMEOUT_MS + options.windowMs,
    });
    await warmUp(clients, options.apps);
    await waitWatched(cluster.url, [FAULTED], { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 });
    const target = faultTarget(cluster, network);
    const faultAtMs = nowMs();
    await fault.inject(target);
    const injectMs = nowMs() - faultAtMs;
    if (fault.expectsFailover) await awaitFailover(cluster.follower, clients, options, faultAtMs);
    else await pause(options.windowMs);
    const survivors = await readSurvivors(cluster);
    // A healed node that was failed over is fenced: direct callers would see it stop serving.
    if (fault.clientsCallAgent) await clients.stop();
    const restoredAtMs = nowMs();
    await fault.restore(target);
    restored = true;
    const failed = faultedFailure(cluster.follower.events, faultAtMs);
    const restorationError =
      failed === undefined
        ? undefined
        : await waitForRestoration({
            follower: cluster.follower,
            api: cluster.api,
            timeoutMs: RESTORATION_TIMEOUT_MS,
          });
    await pause(TAIL_MS);
    await clients.stop();
    const events = await cluster.follower.caughtUp();
    return {
      ...base,
      prefix: cluster.prefix,
      injectMs: round2(injectMs),
      ...(await judged({ cluster, events, options, clients, faultAtMs, restoredAtMs })),
      restoration:
        failed === undefined
          ? null
          : describeRestoration({
              events,
              failedEpoch: failed.data.epoch,
              restoredAtMs,
              answers: fault.clientsCallAgent ? [] : allAnswers(clients, options.apps),
              error: restorationError,
            }),
      survivors,
    };
  } catch (error) {
    return {
      ...base,
      prefix: cluster?.prefix ?? null,
      injectMs: null,
      detectionMs: null,
      detectionCause: null,
      faultedNodeFailed: false,
      falseFailovers: [],
      faultLastedMs: null,
      apps: [],
      reprotection: null,
      restoration: null,
      survivors: [],
      error: errorText(error),
    };
  } finally {
    await clients?.stop().catch(() => undefined);
    if (!restored) await network.heal(FAULTED).catch(() => undefined);
    await cluster?.close();
  }
}

/** The figures of a round that ran to its end. */
async function judged(options: {
  cluster: RoundCluster;
  events: readonly Event[];
  options: RoundOptions;
  clients: Clients;
  faultAtMs: number;
  restoredAtMs: number;
}) {
  const { cluster, events, clients, faultAtMs, restoredAtMs } = options;
  const { fault, apps, configuration, zoo } = options.options;
  const failed = fault.expectsFailover
    ? injectedFailure({ events, faultAtMs })
    : faultedFailure(events, faultAtMs);
  const reprotection =
    failed === undefined
      ? null
      : describeReprotection({ events, faultAtMs, plan: await failoverPlan(cluster, events) });
  const replannedAtMs =
    reprotection?.reprotectionMs == null ? Infinity : faultAtMs + reprotection.reprotectionMs;
  return {
    detectionMs: failed === undefined ? null : round2(failed.data.detectedAtMs - faultAtMs),
    detectionCause: failed?.data.cause ?? null,
    faultedNodeFailed: faultedFailure(events, faultAtMs) !== undefined,
    falseFailovers: falseFailovers({ events, faultAtMs, expectsFailover: fault.expectsFailover }),
    faultLastedMs: round2(restoredAtMs - faultAtMs),
    apps: apps.map((spec) =>
      appResult({
        spec,
        mode: modeOf(configuration, spec),
        answers: clients.answersOf(spec.app),
        events,
        faultAtMs,
        restoredAtMs,
        replannedAtMs,
        expectsFailover: fault.expectsFailover,
        zoo,
      }),
    ),
    reprotection,
  };
}

/**
 * Waits until every app answered from another node, then — clients still on, since the
 * survivors load new understudies and turn the stand-ins into primaries, and that must not
 * fail requests either — until the leader's failover plan is applied, and a tail.
 */
async function awaitFailover(
  follower: EventFollower,
  clients: Clients,
  options: RoundOptions,
  faultAtMs: number,
): Promise<void> {
  await waitUntil(
    'every app answered by another node',
    () =>
      options.apps.every(
        ({ app }) => firstRecovered(clients.answersOf(app), faultAtMs, FAULTED) !== undefined,
      ) || undefined,
    { timeoutMs: RECOVERY_TIMEOUT_MS, intervalMs: 10 },
  ).catch(() => undefined); // a partial recovery is a result, not an error
  await waitForReprotection(follower, REPROTECTION_TIMEOUT_MS);
  await pause(TAIL_MS);
}

function faultTarget(cluster: RoundCluster, network: BenchNetwork): FaultTarget {
  return {
    agent: () => cluster.agent(FAULTED),
    host: network.hostOf(FAULTED),
    plannerAddress: network.plannerAddress,
    restartAgent: async () => {
      await cluster.startAgent(FAULTED);
    },
  };
}

/** Edge-a's first `node.failed` after the fault, whether the fault called for it or not. */
function faultedFailure(events: readonly Event[], faultAtMs: number) {
  return events.find(
    (e): e is EventOf<'node.failed'> =>
      e.type === 'node.failed' && e.data.node === FAULTED && e.data.detectedAtMs >= faultAtMs,
  );
}

function readSurvivors(cluster: RoundCluster): Promise<RoundResult['survivors']> {
  return Promise.all(
    SURVIVORS.map((node) =>
      readHoldings(cluster.agent(node)).catch((error: unknown) => ({
        node,
        error: (error as Error).message,
      })),
    ),
  );
}

async function failoverPlan(
  cluster: RoundCluster,
  events: readonly Event[],
): Promise<Plan | undefined> {
  const published = events.find(
    (e): e is EventOf<'plan.published'> =>
      e.type === 'plan.published' && e.data.reason === 'failover' && e.data.node === FAULTED,
  );
  if (published === undefined) return undefined;
  return cluster.api.getPlan(published.data.version).catch(() => undefined);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The error's message, with its cause's (`fetch failed` says little on its own). */
function errorText(error: unknown): string {
  const { message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  const why = cause?.code ?? cause?.message;
  return why === undefined ? message : `${message} (${why})`;
}

/** A fresh model directory under `root`. */
export const tempDirUnder = (root: string, label: string) => mkdtemp(join(root, `${label}-`));
