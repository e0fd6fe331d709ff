/**
 * Small builders for plan-diff fixtures. One model family, `resnet`, with three variants; a
 * plan is built from nodes and apps written as `node/variant` (primary) and
 * `node/variant/mode` (understudy). Node memory is derived the way the planner defines it, so
 * the expected numbers in the tests can be worked out by hand:
 *
 * - steady(n) = Σ primaries on n + Σ warm understudies on n
 * - scenario(n, f) = steady(n) + Σ cold understudies on n of apps whose primary is on f,
 *   listed only when that adds memory (first steps are not modelled: transient 0)
 * - worstCase(n) = max(steady(n), scenarios)
 *
 * Estimates: accuracy = the understudy variant's; recovery = 30 ms detection + 5 ms activation
 * + 5 ms p50 = 40 ms warm, 30 + loadMs + 5 cold.
 */
import type { DiffFigures, Plan } from '../../solver/diff/index.ts';

type Assignment = Plan['assignments'][number];
type Reason = Plan['unprotected'][number]['reason'];

export const RESNET = {
  id: 'resnet',
  variants: [
    { id: 'r152', accuracy: 0.78, memoryMiB: 240, loadMs: 900 },
    { id: 'r50', accuracy: 0.76, memoryMiB: 100, loadMs: 300 },
    { id: 'r18', accuracy: 0.7, memoryMiB: 45, loadMs: 120 },
  ],
} as const;

interface AppSpec {
  /** `node/variant`. */
  primary: string;
  /** `node/variant/warm|cold`, or an unprotected reason. */
  understudy: string | { unprotected: Reason };
  weight?: number;
}

export class PlanBuilder {
  private readonly nodes = new Map<string, number>();
  private readonly apps = new Map<string, AppSpec>();

  constructor(private readonly version: number) {}

  /** Adds nodes with their capacity in MiB. */
  withNodes(capacities: Record<string, number>): this {
    for (const [node, capacityMiB] of Object.entries(capacities)) this.nodes.set(node, capacityMiB);
    return this;
  }

  withApp(id: string, spec: AppSpec): this {
    this.apps.set(id, spec);
    return this;
  }

  /** A copy with another version, to derive the newer plan from the older one. */
  next(version = this.version + 1): PlanBuilder {
    const copy = new PlanBuilder(version);
    for (const [node, capacity] of this.nodes) copy.nodes.set(node, capacity);
    for (const [id, spec] of this.apps) copy.apps.set(id, spec);
    return copy;
  }

  withoutNode(node: string): this {
    this.nodes.delete(node);
    return this;
  }

  withoutApp(id: string): this {
    this.apps.delete(id);
    return this;
  }

  figures(): DiffFigures {
    return {
      families: [RESNET],
      apps: [...this.apps].map(([id, spec]) => ({
        id,
        family: 'resnet',
        weight: spec.weight ?? 1,
      })),
    };
  }

  build(): Plan {
    const assignments = [...this.apps].map(([id, spec]) => assignmentOf(id, spec));
    return {
      version: this.version,
      createdAt: '2026-01-01T00:00:00.000Z',
      inputsDigest: `digest-${this.version}`,
      protection: 'node',
      assignments,
      nodes: [...this.nodes].map(([node, capacityMiB]) =>
        nodeMemory(node, capacityMiB, assignments, [...this.nodes.keys()]),
      ),
      solver: {
        method: 'test',
        status: 'optimal',
        objective: 1,
        bestBound: 1,
        gapPct: 0,
        timeMs: 1,
      },
      unprotected: [...this.apps]
        .filter(([, spec]) => typeof spec.understudy !== 'string')
        .map(([app, spec]) => {
          const reason = (spec.understudy as { unprotected: Reason }).unprotected;
          return { app, reason, message: `${app}: ${reason}` };
        }),
    };
  }
}

export function plan(version: number): PlanBuilder {
  return new PlanBuilder(version);
}

function variantOf(id: string) {
  const variant = RESNET.variants.find((candidate) => candidate.id === id);
  if (variant === undefined) throw new Error(`no variant ${id} in the fixture family`);
  return variant;
}

function assignmentOf(app: string, spec: AppSpec): Assignment {
  const [node = '', variant = ''] = spec.primary.split('/');
  const primary = { node, variant };
  if (typeof spec.understudy !== 'string') {
    return { app, primary, understudy: null, expectedRecoveryMs: null, expectedAccuracy: null };
  }
  const [uNode = '', uVariant = '', mode = ''] = spec.understudy.split('/');
  if (mode !== 'warm' && mode !== 'cold') throw new Error(`bad understudy ${spec.understudy}`);
  const planned = variantOf(uVariant);
  return {
    app,
    primary,
    understudy: { node: uNode, variant: uVariant, mode },
    expectedRecoveryMs: mode === 'warm' ? 40 : 35 + planned.loadMs,
    expectedAccuracy: planned.accuracy,
  };
}

function nodeMemory(
  node: string,
  capacityMiB: number,
  assignments: readonly Assignment[],
  nodes: readonly string[],
): Plan['nodes'][number] {
  let steadyMiB = 0;
  for (const a of assignments) {
    if (a.primary.node === node) steadyMiB += variantOf(a.primary.variant).memoryMiB;
    if (a.understudy?.node === node && a.understudy.mode === 'warm')
      steadyMiB += variantOf(a.understudy.variant).memoryMiB;
  }
  // Like the planner, list only the failures that load cold understudies here.
  const scenarios = nodes
    .filter((failed) => failed !== node)
    .map((failed) => ({
      failed,
      memoryMiB:
        steadyMiB +
        assignments
          .filter((a) => a.primary.node === failed && a.understudy?.node === node)
          .filter((a) => a.understudy?.mode === 'cold')
          .reduce((sum, a) => sum + variantOf(a.understudy?.variant ?? '').memoryMiB, 0),
      transientMiB: 0,
    }))
    .filter((scenario) => scenario.memoryMiB > steadyMiB);
  const worstCaseMiB = Math.max(steadyMiB, ...scenarios.map((s) => s.memoryMiB));
  return { node, capacityMiB, steadyMiB, worstCaseMiB, scenarios };
}

/**
 * The base cluster of most tests, v1 (nodes of 1000 MiB; r152 240 MiB and 900 ms to load,
 * r50 100 MiB and 300 ms, r18 45 MiB and 120 ms):
 *
 *   cam1  primary a/r152   understudy b/r50 warm   (accuracy 0.76, recovery 40 ms)
 *   cam2  primary b/r50    understudy c/r18 cold   (accuracy 0.70, recovery 35 + 120 = 155 ms)
 *   cam3  primary c/r50    understudy a/r18 warm   (accuracy 0.70, recovery 40 ms)
 *
 * Memory: a steady 240 + 45 = 285 (worst 285); b steady 100 + 100 = 200 (worst 200);
 *         c steady 100, worst 100 + 45 = 145 when b fails (cam2's cold r18 loads on c).
 */
export function threeNodeCluster(): PlanBuilder {
  return plan(1)
    .withNodes({ a: 1000, b: 1000, c: 1000 })
    .withApp('cam1', { primary: 'a/r152', understudy: 'b/r50/warm' })
    .withApp('cam2', { primary: 'b/r50', understudy: 'c/r18/cold' })
    .withApp('cam3', { primary: 'c/r50', understudy: 'a/r18/warm' });
}
