import { describe, expect, it } from 'vitest';
import { checkPlan, solvePlan } from '../../solver/index.ts';
import type { Plan, PlanningProblemInput } from '../../solver/index.ts';
import { randomProblem } from './random-problems.ts';

// Random problems of a few dozen applications, some with planner-placed primaries, some with
// domain protection, some over-committed. Every plan must pass the checker, and the checker
// must catch each deliberate corruption of it.
const seeds = Array.from({ length: 12 }, (_, i) => 5000 + i);

const shapeOf = (seed: number) => ({
  nodes: 4 + (seed % 5),
  apps: 12 + (seed % 4) * 8,
  variants: 3 + (seed % 2),
  unpinnedShare: seed % 3 === 0 ? 0.3 : 0,
  roominess: (seed % 2 === 0 ? [1, 3] : [3, 8]) as [number, number],
});

const solved = new Map<number, { problem: PlanningProblemInput; plan: Plan }>();
async function solvedFor(seed: number) {
  let entry = solved.get(seed);
  if (entry === undefined) {
    const problem = randomProblem(seed, shapeOf(seed));
    entry = { problem, plan: await solvePlan(problem, { timeLimitMs: 1_500 }) };
    solved.set(seed, entry);
  }
  return entry;
}

const codes = (problem: PlanningProblemInput, plan: Plan) =>
  checkPlan(problem, plan).map((v) => v.code);

describe('solvePlan on random problems', () => {
  it.each(seeds)('returns a plan the checker passes (seed %i)', async (seed) => {
    const { problem, plan } = await solvedFor(seed);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.solver.bestBound).toBeGreaterThanOrEqual(plan.solver.objective);
  });

  it.each(seeds)('is caught when a node is one MiB short (seed %i)', async (seed) => {
    const { problem, plan } = await solvedFor(seed);
    // The fullest node holding something the plan placed (pinned primaries alone are input).
    const pinned = (id: string) =>
      problem.apps
        .filter((a) => a.primaryNode === id)
        .reduce(
          (s, a) =>
            s +
            (problem.families[0]!.variants.find((v) => v.id === a.primaryVariant)?.memoryMiB ?? 0),
          0,
        );
    const fullest = plan.nodes
      .filter((n) => n.worstCaseMiB > pinned(n.node) + 1e-6)
      .sort((x, y) => y.worstCaseMiB - x.worstCaseMiB)[0];
    if (fullest === undefined) return;
    const short = structuredClone(problem);
    const target = short.nodes.find((n) => n.id === fullest.node)!;
    target.memoryMiB = fullest.worstCaseMiB - 1;
    expect(codes(short, plan).some((c) => c === 'memory-steady' || c === 'memory-scenario')).toBe(
      true,
    );
  });

  it.each(seeds)(
    'is caught when an understudy moves onto its primary, an app goes missing or is doubled, or an SLO tightens (seed %i)',
    async (seed) => {
      const { problem, plan } = await solvedFor(seed);
      const i = plan.assignments.findIndex((a) => a.understudy !== null);
      if (i < 0) return;
      const onPrimary = structuredClone(plan);
      onPrimary.assignments[i]!.understudy!.node = onPrimary.assignments[i]!.primary.node;
      expect(codes(problem, onPrimary)).toContain('understudy-on-primary-node');

      const missing = structuredClone(plan);
      missing.assignments.splice(i, 1);
      expect(codes(problem, missing)).toContain('app-missing');

      const doubled = structuredClone(plan);
      doubled.assignments.push(structuredClone(plan.assignments[i]!));
      expect(codes(problem, doubled)).toContain('app-duplicate');

      const strict = structuredClone(problem);
      const app = strict.apps.find((a) => a.id === plan.assignments[i]!.app)!;
      app.slo.minAccuracy = Math.min(1, (plan.assignments[i]!.expectedAccuracy ?? 0) + 0.001);
      expect(codes(strict, plan)).toContain('slo-accuracy');
    },
  );

  // Deterministic as long as no time limit cuts a step short (this seed finishes in ~0.2 s).
  it('gives the same plan for the same problem', async () => {
    const problem = randomProblem(seeds[0]!, shapeOf(seeds[0]!));
    const stable = (plan: Plan) => ({
      ...plan,
      createdAt: '',
      solver: { ...plan.solver, timeMs: 0 },
    });
    const [first, second] = [
      await solvePlan(problem, { timeLimitMs: 1_500 }),
      await solvePlan(problem, { timeLimitMs: 1_500 }),
    ];
    expect(stable(second)).toEqual(stable(first));
  });
});
