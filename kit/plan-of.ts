import type { components } from '../openapi/types.ts';

type Plan = components['schemas']['Plan'];

/**
 * A publishable plan written by hand: the given primaries, no understudies, and the rest what
 * the store requires. The store gives it its version when it is published.
 */
export function planOf(
  primaries: ReadonlyArray<{ app: string; node: string; variant: string }>,
): Plan {
  return {
    version: 0,
    createdAt: new Date().toISOString(),
    inputsDigest: 'hand-made',
    protection: 'node',
    nodes: [],
    unprotected: [],
    solver: {
      method: 'hand-made',
      status: 'optimal',
      objective: 0,
      bestBound: 0,
      gapPct: 0,
      timeMs: 0,
    },
    assignments: primaries.map(({ app, node, variant }) => ({
      app,
      primary: { node, variant },
      understudy: null,
      expectedAccuracy: null,
      expectedRecoveryMs: null,
    })),
  };
}
