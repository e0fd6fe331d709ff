/**
 * The checker's memory recount. For every node: steady = pinned and placed primaries + warm
 * understudies; while scenario f (a node, or a domain) is down, every node outside f also holds
 * the cold understudies of f's primaries, each with its progressive first step (both are
 * resident during the swap). Each must fit the node's capacity — or, on a node whose pinned
 * primaries alone exceed it, nothing may be added. The plan's per-node report must match.
 */
import type { CheckIndex } from './check-index.ts';
import type { NodeMemory, Plan } from './wire.ts';

type Add = (code: string, pointer: string, message: string) => void;

const TOLERANCE = 1e-6;

interface ColdLoad {
  memory: number;
  transient: number;
}

interface Loads {
  steady: Map<string, number>;
  pinned: Map<string, number>;
  /** node → scenario → cold understudies' memory, and the first steps' part of it. */
  cold: Map<string, Map<string, ColdLoad>>;
}

export function checkMemory(index: CheckIndex, plan: Plan, add: Add): void {
  const loads = recount(index, plan);
  const scenarioOf = (node: string) => (index.byDomain ? (index.domain.get(node) ?? '') : node);
  for (const [node, capacity] of index.capacity) {
    const pinned = loads.pinned.get(node) ?? 0;
    const allowed = pinned > capacity ? pinned : capacity;
    const steady = loads.steady.get(node) ?? 0;
    if (steady > allowed + TOLERANCE) {
      add(
        'memory-steady',
        `/nodes`,
        `'${node}' holds ${steady} MiB in steady state, more than ${allowed} MiB`,
      );
    }
    for (const [failed, load] of loads.cold.get(node) ?? []) {
      if (failed === scenarioOf(node)) continue; // its own failure: it holds nothing then
      if (steady + load.memory > allowed + TOLERANCE) {
        add(
          'memory-scenario',
          `/nodes`,
          `'${node}' holds ${steady + load.memory} MiB while '${failed}' is down, more than ${allowed} MiB`,
        );
      }
    }
  }
  checkReport(index, plan, loads, add);
}

function recount(index: CheckIndex, plan: Plan): Loads {
  const loads: Loads = { steady: new Map(), pinned: new Map(), cold: new Map() };
  const bump = (map: Map<string, number>, key: string, mib: number) =>
    map.set(key, (map.get(key) ?? 0) + mib);
  for (const assignment of plan.assignments) {
    const app = index.apps.get(assignment.app);
    if (app === undefined) continue;
    const primaryMiB = app.primary?.memoryMiB ?? 0;
    bump(loads.steady, assignment.primary.node, primaryMiB);
    if (app.pinnedNode === assignment.primary.node)
      bump(loads.pinned, assignment.primary.node, primaryMiB);
    const u = assignment.understudy;
    const planned = u === null ? undefined : app.variants.get(u.variant);
    if (u === null || planned === undefined) continue;
    if (u.mode === 'warm') {
      bump(loads.steady, u.node, planned.memoryMiB);
      continue;
    }
    const first =
      u.firstStepVariant === undefined ? undefined : app.variants.get(u.firstStepVariant);
    const failed = index.byDomain
      ? (index.domain.get(assignment.primary.node) ?? '')
      : assignment.primary.node;
    const perNode = loads.cold.get(u.node) ?? new Map<string, ColdLoad>();
    const entry = perNode.get(failed) ?? { memory: 0, transient: 0 };
    entry.memory += planned.memoryMiB + (first?.memoryMiB ?? 0);
    entry.transient += first?.memoryMiB ?? 0;
    perNode.set(failed, entry);
    loads.cold.set(u.node, perNode);
  }
  return loads;
}

function checkReport(index: CheckIndex, plan: Plan, loads: Loads, add: Add): void {
  const reported = new Set<string>();
  plan.nodes.forEach((entry, i) => {
    const capacity = index.capacity.get(entry.node);
    if (capacity === undefined || reported.has(entry.node)) {
      add('node-report-invalid', `/nodes/${i}`, `'${entry.node}' is unknown or reported twice`);
      return;
    }
    reported.add(entry.node);
    checkEntry(entry, capacity, loads, `/nodes/${i}`, add);
  });
  for (const node of index.capacity.keys()) {
    if (!reported.has(node)) add('node-report-invalid', '/nodes', `'${node}' is missing`);
  }
}

/** One node's reported memory against the recount. */
function checkEntry(entry: NodeMemory, capacity: number, loads: Loads, at: string, add: Add): void {
  const steady = loads.steady.get(entry.node) ?? 0;
  const mismatch = (what: string, stated: number, actual: number) => {
    if (Math.abs(stated - actual) <= TOLERANCE) return;
    add('node-report-mismatch', at, `'${entry.node}' ${what}: stated ${stated}, actual ${actual}`);
  };
  mismatch('capacityMiB', entry.capacityMiB, capacity);
  mismatch('steadyMiB', entry.steadyMiB, steady);
  const cold = loads.cold.get(entry.node) ?? new Map<string, ColdLoad>();
  let worst = steady;
  for (const [failed, load] of cold) {
    worst = Math.max(worst, steady + load.memory);
    const listed = entry.scenarios.find((s) => s.failed === failed);
    if (listed === undefined) {
      add(
        'node-report-mismatch',
        at,
        `'${entry.node}' does not report the scenario '${failed}' down`,
      );
      continue;
    }
    mismatch(`memory while '${failed}' is down`, listed.memoryMiB, steady + load.memory);
    mismatch(`transient memory while '${failed}' is down`, listed.transientMiB, load.transient);
  }
  for (const s of entry.scenarios) {
    if (!cold.has(s.failed)) mismatch(`memory while '${s.failed}' is down`, s.memoryMiB, steady);
  }
  mismatch('worstCaseMiB', entry.worstCaseMiB, worst);
}
