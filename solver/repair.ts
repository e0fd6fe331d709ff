/**
 * Drives ejection moves (`eject.ts`) over the plan: first to protect applications the greedy
 * left unprotected (worth M each), then to upgrade protected ones. For each application only
 * the few nodes closest to fitting are tried, which keeps a pass near-linear in the number of
 * applications.
 */
import { tryEjection, shortfall } from './eject.ts';
import { GAIN_EPSILON } from './moves.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';

export interface RepairOptions {
  /** Nodes tried per option, closest to fitting first. */
  readonly nodesPerOption: number;
  /** Most understudies moved off a node for one ejection. */
  readonly maxEvictions: number;
  /** Options tried per application when upgrading, best first. */
  readonly upgradeOptions: number;
}

/** Tries to protect every unprotected application; returns how many it protected. */
export async function protectByEjection(
  placement: Placement,
  options: RepairOptions,
  pacer: Pacer,
): Promise<number> {
  const { snapshot } = placement;
  const order = snapshot.apps
    .map((app, a) => ({ a, weight: app.weight }))
    .filter(({ a }) => placement.option[a] === -1 && placement.primaryScenario(a) >= 0)
    .sort((x, y) => y.weight - x.weight || x.a - y.a);
  let protectedCount = 0;
  for (const { a } of order) {
    if (pacer.due()) await pacer.pause();
    if (pacer.expired) break;
    const byFootprint = (placement.candidates[a]?.options ?? [])
      .map((option, o) => ({ o, mib: option.footprintMiB }))
      .sort((x, y) => x.mib - y.mib || x.o - y.o);
    for (const { o } of byFootprint) {
      if (tryNodes(placement, a, o, options) > 0) {
        protectedCount++;
        break;
      }
    }
  }
  return protectedCount;
}

/** One pass of upgrades by ejection; returns the objective gained. */
export async function upgradeByEjection(
  placement: Placement,
  options: RepairOptions,
  pacer: Pacer,
): Promise<number> {
  let gained = 0;
  for (let a = 0; a < placement.snapshot.apps.length; a++) {
    if (pacer.due()) await pacer.pause();
    if (pacer.expired) break;
    if (placement.primaryScenario(a) < 0) continue;
    const current = placement.valueOf(a);
    const better = (placement.candidates[a]?.options ?? [])
      .map((option, o) => ({ o, value: option.value }))
      .filter((x) => x.value > current + GAIN_EPSILON)
      .slice(0, options.upgradeOptions);
    for (const { o } of better) {
      const gain = tryNodes(placement, a, o, options);
      if (gain > 0) {
        gained += gain;
        break;
      }
    }
  }
  return gained;
}

function tryNodes(placement: Placement, a: number, o: number, options: RepairOptions): number {
  const { snapshot } = placement;
  const f = placement.primaryScenario(a);
  const mib = placement.optionOf(a, o).footprintMiB;
  const ownNode = placement.understudyNode[a] ?? -1;
  // The k nodes closest to fitting, kept sorted by insertion (k is small, N may be large).
  const nodes: { n: number; missing: number }[] = [];
  const k = options.nodesPerOption;
  for (let n = 0; n < snapshot.nodeIds.length; n++) {
    if (snapshot.scenarioOf[n] === f || snapshot.overloaded[n] || (snapshot.roomMiB[n] ?? 0) < mib)
      continue;
    if (n === ownNode) continue;
    const missing = shortfall(placement, a, o, n);
    if (nodes.length === k && missing >= (nodes[k - 1]?.missing ?? Infinity)) continue;
    let i = nodes.length;
    while (i > 0 && (nodes[i - 1]?.missing ?? 0) > missing) i--;
    nodes.splice(i, 0, { n, missing });
    if (nodes.length > k) nodes.pop();
  }
  for (const { n } of nodes) {
    const gain = tryEjection(placement, a, o, n, options.maxEvictions);
    if (gain > 0) return gain;
  }
  return 0;
}
