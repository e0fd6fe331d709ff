/**
 * Turns a finished placement into the wire `Plan`: assignments, per-node memory in steady state
 * and under every failure scenario that changes it, the solver report and the unprotected list.
 * Memory figures are summed afresh from the assignments, not read from the solver's ledger.
 */
import { explainUnprotected } from './explain.ts';
import type { Placement } from './placement.ts';
import { accuracyRetained } from './value.ts';
import type { Assignment, NodeMemory, Plan, SolverReport } from './wire.ts';

export interface AssembleInput {
  readonly placement: Placement;
  readonly report: SolverReport;
  readonly createdAt: string;
  readonly inputsDigest: string;
}

export function assemblePlan(input: AssembleInput): Plan {
  const { placement } = input;
  const assignments: Assignment[] = [];
  placement.snapshot.apps.forEach((_, a) => {
    const assignment = assignmentOf(placement, a);
    if (assignment !== undefined) assignments.push(assignment);
  });
  const unprotected = placement.snapshot.apps.flatMap((_, a) =>
    (placement.option[a] ?? -1) < 0 ? [explainUnprotected(placement, a)] : [],
  );
  return {
    version: 0,
    createdAt: input.createdAt,
    inputsDigest: input.inputsDigest,
    protection: placement.snapshot.protection,
    assignments,
    nodes: nodeMemory(placement),
    solver: input.report,
    unprotected,
  };
}

function assignmentOf(placement: Placement, a: number): Assignment | undefined {
  const { snapshot } = placement;
  const app = snapshot.apps[a];
  const p = placement.primaryNode[a] ?? -1;
  if (app === undefined || p < 0) return undefined;
  const primary = snapshot.variants[app.primaryVariant];
  const base = {
    app: app.id,
    primary: { node: snapshot.nodeIds[p] ?? '', variant: primary?.id ?? '' },
  };
  const o = placement.option[a] ?? -1;
  if (o < 0 || primary === undefined) {
    return {
      ...base,
      understudy: null,
      expectedRecoveryMs: null,
      expectedAccuracy: null,
      accuracyRetained: null,
    };
  }
  const option = placement.optionOf(a, o);
  const planned = snapshot.variants[option.variant];
  const firstStep = option.firstStep >= 0 ? snapshot.variants[option.firstStep]?.id : undefined;
  return {
    ...base,
    understudy: {
      node: snapshot.nodeIds[placement.understudyNode[a] ?? 0] ?? '',
      variant: planned?.id ?? '',
      mode: option.mode,
      ...(firstStep === undefined ? {} : { firstStepVariant: firstStep }),
    },
    expectedRecoveryMs: option.recoveryMs,
    expectedAccuracy: option.accuracy,
    accuracyRetained: planned === undefined ? null : accuracyRetained(planned, primary),
  };
}

interface ColdLoad {
  memory: number;
  transient: number;
}

function nodeMemory(placement: Placement): NodeMemory[] {
  const { snapshot } = placement;
  const { steady, cold } = recount(placement);
  return snapshot.nodeIds.map((node, n) => {
    const base = steady[n] ?? 0;
    const scenarios = [...(cold[n] ?? new Map<number, ColdLoad>())]
      .sort(([x], [y]) => x - y)
      .map(([f, load]) => ({
        failed: snapshot.scenarioIds[f] ?? '',
        memoryMiB: base + load.memory,
        transientMiB: load.transient,
      }));
    return {
      node,
      capacityMiB: snapshot.capacityMiB[n] ?? 0,
      steadyMiB: base,
      worstCaseMiB: Math.max(base, ...scenarios.map((s) => s.memoryMiB)),
      scenarios,
    };
  });
}

/** Steady memory per node, and cold memory per node and failure scenario. */
function recount(placement: Placement) {
  const { snapshot } = placement;
  const steady = [...snapshot.pinnedMiB];
  const cold = snapshot.nodeIds.map(() => new Map<number, ColdLoad>());
  snapshot.apps.forEach((app, a) => {
    const p = placement.primaryNode[a] ?? -1;
    if (p < 0) return;
    if (app.pinnedNode < 0) steady[p] = (steady[p] ?? 0) + placement.primaryMiB(a);
    const o = placement.option[a] ?? -1;
    if (o < 0) return;
    const option = placement.optionOf(a, o);
    const n = placement.understudyNode[a] ?? 0;
    if (option.mode === 'warm') {
      steady[n] = (steady[n] ?? 0) + option.footprintMiB;
      return;
    }
    const f = snapshot.scenarioOf[p] ?? 0;
    const entry = cold[n]?.get(f) ?? { memory: 0, transient: 0 };
    entry.memory += option.footprintMiB;
    entry.transient +=
      option.firstStep >= 0 ? (snapshot.variants[option.firstStep]?.memoryMiB ?? 0) : 0;
    cold[n]?.set(f, entry);
  });
  return { steady, cold };
}
