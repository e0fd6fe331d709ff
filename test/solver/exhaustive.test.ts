import { describe, expect, it } from 'vitest';
import { checkPlan, solvePlan } from '../../solver/index.ts';
import { bruteForceOptimum } from './brute-force.ts';
import { randomProblem } from './random-problems.ts';

// Tiny problems, small enough to enumerate every plan: the solver, asked for a zero gap, must
// reach exactly the best objective the enumeration finds, report it as proven, and pass the
// checker. The enumeration restates the model from DESIGN.md without solver code.
// Half the problems are roomy (every application can be protected, the choice is which
// variant and mode), half tight (who gets protected at all).
const cases = Array.from({ length: 32 }, (_, i) => ({
  seed: 1000 + i,
  shape: {
    nodes: 2 + (i % 2),
    apps: 3 + (i % 4 === 0 ? 1 : 0),
    variants: 2 + (i % 2),
    unpinnedShare: i % 3 === 0 ? 0.5 : 0,
    roominess: (i % 2 === 0 ? [0.8, 2.5] : [2.5, 5]) as [number, number],
  },
}));

describe('solvePlan on tiny problems', () => {
  it.each(cases)('matches exhaustive enumeration (seed $seed)', async ({ seed, shape }) => {
    const problem = randomProblem(seed, shape);
    const optimum = bruteForceOptimum(problem);
    const plan = await solvePlan(problem, { targetGapPct: 0 });
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.solver.objective).toBeCloseTo(optimum, 6);
    expect(plan.solver.bestBound).toBeGreaterThanOrEqual(optimum - 1e-6);
    expect(plan.solver.status).toBe('optimal');
  });
});
