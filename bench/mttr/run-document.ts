/** The JSON document a run prints: what was measured, how, on what, and the figures. */
import { cpus } from 'node:os';
import type { NetworkKind } from './bench-network.ts';
import type { BenchOptions } from './bench-options.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { SESSIONS_PER_NODE } from './bench-zoo.ts';
import { APP_MAX_RECOVERY_MS } from './desired-state.ts';
import type { Fault, FaultName } from './faults.ts';
import { FAULTED, SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec } from './hand-made-plan.ts';
import type { RoundResult } from './round.ts';
import { TAIL_MS } from './round.ts';
import type { Summary } from './summary.ts';
import { BASELINE_TOLERANCE } from './targets.ts';

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

export function describeRun(run: {
  startedAt: Date;
  machine: unknown;
  options: BenchOptions;
  network: NetworkKind;
  skipped: Array<{ fault: FaultName; reason: string }>;
  zoo: BenchZoo;
  apps: readonly AppSpec[];
  faults: readonly Fault[];
  baseline: string | undefined;
  summary: readonly Summary[];
  rounds: readonly RoundResult[];
}) {
  const { options, zoo } = run;
  return {
    benchmark: 'mttr',
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    machine: run.machine,
    note:
      `Machine with ${cpus().length} cores running the planner, three agents, six client ` +
      'loops and Redis at once; figures are from one run and noisy (prefer the medians). The ' +
      'fault instant is the start of its injection (`injectMs` says how long that took); ' +
      'detection is the fault to the `node.failed` of edge-a.',
    definition: {
      clientGapMs:
        'DESIGN.md "Recovery time", for a fault that calls for a failover: the fault to the ' +
        "first successful answer for the app from another node, seen by the app's client " +
        'through the router (includes detection). For a partition or none: the longest ' +
        'client-side latency of a request in flight at the fault or sent before the restore.',
      failedRequests:
        'non-200 answers and transport errors completed after the fault, of requests sent ' +
        'before the restore (fail-back failures are counted apart: failedAfterRestore)',
      falseFailovers:
        "every node.failed the injected fault does not explain: a survivor's, edge-a's before " +
        "the fault or after its re-admission, and edge-a's during a partition or none",
      targets:
        'crash (kill): DESIGN.md (warm mean ≤ 50, p99 ≤ 100; progressive mean ≤ 150) and, ' +
        `with --baseline, mean ≤ the baseline's + ${BASELINE_TOLERANCE * 100} %; silent loss ` +
        '(stop, drop, link, power), issue 13: warm mean ≤ 150, progressive ≤ 300, p99 ≤ 2 × ' +
        'mean; every fault: 0 failed requests, 0 false failovers; partition: no failover',
    },
    setup: {
      faults: run.faults.map((f) => ({ name: f.name, class: f.class, description: f.description })),
      skipped: run.skipped,
      network:
        run.network === 'hosts'
          ? 'test hosts: each node a network namespace on one bridge; Redis (private) and the ' +
            "planner (API token) on the root side, on the bridge's address"
          : `loopback: every agent on 127.0.0.1, Redis ${options.redisUrl}`,
      rounds: options.rounds,
      configurations: options.configurations,
      burners: options.burners,
      lossProbability: options.lossProbability,
      holdDownMs: options.holdDownMs,
      windowMs: options.windowMs,
      baseline: run.baseline ?? null,
      zoo: {
        scale: zoo.scale,
        largestModelUsed: { ...zoo.largestUsed, fileMiB: mib(zoo.largestUsed.fileBytes) },
        largestModelInZoo: { ...zoo.largestInZoo, fileMiB: mib(zoo.largestInZoo.fileBytes) },
      },
      nodes: {
        faulted: FAULTED,
        survivors: SURVIVORS,
        memoryMiB: zoo.nodeMemoryMiB,
        declaredSessionMiB: zoo.modelMiB,
        sizing:
          'declared session memory = 2 × the largest model file used, rounded up to 8 MiB; ' +
          `each agent has room for ${SESSIONS_PER_NODE} sessions`,
      },
      apps: run.apps,
      desiredState:
        'registered through the REST API before the plan, apps pinned to ' +
        `${FAULTED} with slo.maxRecoveryMs ${APP_MAX_RECOVERY_MS}`,
      detection: 'by the planner controller itself (no manual node.failed)',
      clients:
        'one back-to-back loop per app through the router (a partition: to the agent ' +
        "itself, from a root address that is not the planner's); kept on through the " +
        `re-protection and, after the restore, the fail-back, then ${TAIL_MS} ms more`,
      plans:
        "hand-made before the fault (version 1); after it, the leader's own re-protection " +
        'and fail-back plans',
    },
    summary: run.summary,
    rounds: run.rounds,
  };
}
