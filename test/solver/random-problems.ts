/**
 * Seeded random planning problems for property tests: a few nodes and applications, variants
 * with real-looking accuracy/memory trade-offs, memory tight enough that choices matter.
 */
import { Prng } from '../../solver/prng.ts';
import type { PlanningProblemInput } from '../../solver/wire.ts';

export interface RandomShape {
  readonly nodes: number;
  readonly apps: number;
  readonly variants: number;
  /** Share of applications whose primary the planner places. */
  readonly unpinnedShare: number;
  /** Node memory as a multiple of the largest variant: [min, max). */
  readonly roominess?: readonly [number, number];
}

export function randomProblem(seed: number, shape: RandomShape): PlanningProblemInput {
  const rng = new Prng(seed);
  const variants = Array.from({ length: shape.variants }, (_, i) => {
    const memoryMiB = Math.round(40 * 2 ** i * rng.between(0.8, 1.2));
    return {
      id: `v${i}`,
      accuracy: Math.round((0.6 + 0.08 * i + rng.between(0, 0.03)) * 1000) / 1000,
      memoryMiB,
      loadMs: 20 + 4 * memoryMiB,
      latencyMs: { p50: 2 + i * 3, p99: 3 + i * 5 },
    };
  });
  const nodes = Array.from({ length: shape.nodes }, (_, n) => ({
    id: `n${n}`,
    memoryMiB: Math.round(
      rng.between(...(shape.roominess ?? [0.8, 2.5])) * (variants.at(-1)?.memoryMiB ?? 100),
    ),
    domain: `d${n % 2}`,
  }));
  const apps = Array.from({ length: shape.apps }, (_, a) => {
    const primary = variants[shape.variants - 1 - rng.int(2)] ?? variants[0];
    const pinned = rng.next() >= shape.unpinnedShare;
    return {
      id: `a${a}`,
      family: 'fam',
      primaryVariant: primary?.id ?? 'v0',
      ...(pinned ? { primaryNode: `n${rng.int(shape.nodes)}` } : {}),
      weight: rng.pick([1, 1, 2, 5]),
      slo: {
        minAccuracy: Math.round((primary?.accuracy ?? 0.7) * rng.between(0.8, 1) * 1000) / 1000,
        maxRecoveryMs: rng.pick([150, 400, 1000, 5000]),
      },
    };
  });
  return {
    nodes,
    families: [{ id: 'fam', variants }],
    apps,
    protection: rng.next() < 0.3 ? 'domain' : 'node',
  };
}
