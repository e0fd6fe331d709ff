/**
 * Reference planning problems for the benchmark: applications drawn from the catalog families,
 * primaries already deployed (pinned) on nodes balanced by memory, and each node's capacity
 * its primaries' memory plus a random 20–50 % headroom. Seeded: same arguments, same problem.
 */
import { Prng } from '../../solver/prng.ts';
import type { PlanningProblem } from '../../solver/wire.ts';

type Family = PlanningProblem['families'][number];

export interface WorkloadOptions {
  readonly apps: number;
  readonly nodes: number;
  readonly seed: number;
  readonly families: readonly Family[];
  /** Nodes per failure domain. */
  readonly nodesPerDomain?: number;
  readonly protection?: 'node' | 'domain';
  readonly headroom?: readonly [number, number];
}

export const WORKLOAD_ASSUMPTIONS = [
  'applications: family uniform over the catalog; primary variant uniform over the larger half of the family',
  'SLOs: minAccuracy = primary accuracy * U(0.90, 0.99); maxRecoveryMs uniform over {250, 1000, 5000}; weight 1 (70 %), 2 (20 %) or 5 (10 %)',
  'primaries pinned, each to the node with the least primary memory so far (largest first)',
  "node capacity = its primaries' memory * (1 + U(0.2, 0.5)); 5 nodes per failure domain",
];

export function makeWorkload(options: WorkloadOptions): PlanningProblem {
  const rng = new Prng(options.seed);
  const { families } = options;
  const perDomain = options.nodesPerDomain ?? 5;
  const apps = Array.from({ length: options.apps }, (_, i) => appOf(rng, families, i));
  const load = new Array<number>(options.nodes).fill(0);
  const memoryOf = (app: (typeof apps)[number]) =>
    families.find((f) => f.id === app.family)?.variants.find((v) => v.id === app.primaryVariant)
      ?.memoryMiB ?? 0;
  const order = apps
    .map((app, i) => ({ i, mib: memoryOf(app) }))
    .sort((x, y) => y.mib - x.mib || x.i - y.i);
  for (const { i, mib } of order) {
    let n = 0;
    for (let k = 1; k < load.length; k++) if ((load[k] ?? 0) < (load[n] ?? 0)) n = k;
    load[n] = (load[n] ?? 0) + mib;
    const app = apps[i];
    if (app !== undefined) app.primaryNode = nodeId(n);
  }
  const [low, high] = options.headroom ?? [0.2, 0.5];
  const nodes = load.map((mib, n) => ({
    id: nodeId(n),
    memoryMiB: Math.ceil(Math.max(mib, 1) * (1 + rng.between(low, high))),
    domain: `rack-${Math.floor(n / perDomain)}`,
  }));
  return {
    nodes,
    families: [...families],
    apps,
    protection: options.protection ?? 'node',
    detectionMs: 30,
    timeLimitMs: 60_000,
  };
}

function appOf(rng: Prng, families: readonly Family[], i: number) {
  const family = rng.pick(families);
  const variants = family.variants;
  const primary =
    variants[Math.floor(variants.length / 2) + rng.int(Math.ceil(variants.length / 2))] ??
    variants[0];
  const r = rng.next();
  return {
    id: `app-${i}`,
    family: family.id,
    primaryVariant: primary?.id ?? '',
    primaryNode: undefined as string | undefined,
    weight: r < 0.7 ? 1 : r < 0.9 ? 2 : 5,
    slo: {
      minAccuracy: Math.round((primary?.accuracy ?? 0) * rng.between(0.9, 0.99) * 1e4) / 1e4,
      maxRecoveryMs: rng.pick([250, 1000, 5000]),
    },
  };
}

function nodeId(n: number): string {
  return `node-${n}`;
}
