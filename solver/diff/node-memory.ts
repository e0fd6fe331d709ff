import { unionOfKeys } from './app-sides.ts';
import { roundMeasure } from './numbers.ts';
import type { NodeMemory, Plan, PlanDiffNode, PlanDiffNodeMemory } from './types.ts';

/**
 * Every node whose capacity, steady-state or worst-case memory changes, sorted by id. A node
 * in only one plan (added, removed, failed) is listed with the missing side as null.
 */
export function diffNodes(from: Plan, to: Plan): PlanDiffNode[] {
  const before = new Map(from.nodes.map((memory) => [memory.node, memoryOf(memory)]));
  const after = new Map(to.nodes.map((memory) => [memory.node, memoryOf(memory)]));
  const changed: PlanDiffNode[] = [];
  for (const node of unionOfKeys(before, after)) {
    const a = before.get(node) ?? null;
    const b = after.get(node) ?? null;
    if (a !== null && b !== null && sameMemory(a, b)) continue;
    changed.push({
      node,
      before: a,
      after: b,
      steadyDeltaMiB: roundMeasure((b?.steadyMiB ?? 0) - (a?.steadyMiB ?? 0)),
      worstCaseDeltaMiB: roundMeasure((b?.worstCaseMiB ?? 0) - (a?.worstCaseMiB ?? 0)),
    });
  }
  return changed;
}

function memoryOf(memory: NodeMemory): PlanDiffNodeMemory {
  return {
    capacityMiB: memory.capacityMiB,
    steadyMiB: memory.steadyMiB,
    worstCaseMiB: memory.worstCaseMiB,
    worstFailure: worstFailureOf(memory),
  };
}

/** The failure that loads this node most, if any failure adds memory to it at all. */
function worstFailureOf(memory: NodeMemory): string | null {
  let worst: { failed: string; memoryMiB: number } | undefined;
  for (const scenario of memory.scenarios) {
    if (worst === undefined || scenario.memoryMiB > worst.memoryMiB) worst = scenario;
  }
  return worst !== undefined && worst.memoryMiB > memory.steadyMiB ? worst.failed : null;
}

/** Which failure is worst is a detail; only the figures make a node "changed". */
function sameMemory(a: PlanDiffNodeMemory, b: PlanDiffNodeMemory): boolean {
  return (
    a.capacityMiB === b.capacityMiB &&
    a.steadyMiB === b.steadyMiB &&
    a.worstCaseMiB === b.worstCaseMiB
  );
}
