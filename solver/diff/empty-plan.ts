import type { Plan } from './types.ts';

/**
 * The plan before the first one: nothing placed. Diffing against it lists every app as added,
 * which is what the first published plan (or a preview on a fresh cluster) does.
 */
export function emptyPlan(createdAt = new Date(0).toISOString()): Plan {
  return {
    version: 0,
    createdAt,
    inputsDigest: '',
    protection: 'node',
    assignments: [],
    nodes: [],
    solver: { method: 'none', status: 'optimal', objective: 0, bestBound: 0, gapPct: 0, timeMs: 0 },
    unprotected: [],
  };
}
