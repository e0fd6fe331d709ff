import { describe, expect, it } from 'vitest';
import { BASELINES, runBaseline } from '../../solver/baselines/index.ts';
import { checkPlan, solvePlan } from '../../solver/index.ts';
import { node, problem } from './fixtures.ts';
import { bigApp, fam, sharedReserve } from './instances.ts';
import { randomProblem } from './random-problems.ts';

const understudyOf = (plan: ReturnType<typeof runBaseline>, app: string) =>
  plan.assignments.find((a) => a.app === app)?.understudy ?? null;

describe('baselines', () => {
  // sharedReserve: two big primaries, one 300 MiB node for understudies.
  const table = [
    // one warm big copy fills n3; the second application gets nothing
    { name: 'full-warm', want: { a1: { node: 'n3', variant: 'big', mode: 'warm' }, a2: null } },
    // cold big copies of different scenarios share n3's 300 MiB reserve
    {
      name: 'full-cold',
      want: {
        a1: { node: 'n3', variant: 'big', mode: 'cold' },
        a2: { node: 'n3', variant: 'big', mode: 'cold' },
      },
    },
    // small (100 MiB) is the smallest variant meeting minAccuracy 0.7: two fit
    {
      name: 'smallest-warm',
      want: {
        a1: { node: 'n3', variant: 'small', mode: 'warm' },
        a2: { node: 'n3', variant: 'small', mode: 'warm' },
      },
    },
    // equal weights: nobody is critical, so this is full-cold
    {
      name: 'critical-warm',
      want: {
        a1: { node: 'n3', variant: 'big', mode: 'cold' },
        a2: { node: 'n3', variant: 'big', mode: 'cold' },
      },
    },
  ];

  it.each(table)('$name follows its rule', ({ name, want }) => {
    const given = sharedReserve().build();
    const baseline = BASELINES.find((b) => b.name === name)!;
    const plan = runBaseline(given, baseline);
    expect(checkPlan(given, plan)).toEqual([]);
    expect({ a1: understudyOf(plan, 'a1'), a2: understudyOf(plan, 'a2') }).toEqual(want);
  });

  it('critical-warm gives the heaviest quarter a warm copy first', () => {
    const given = problem()
      .nodes(node('n1').memoryMiB(1200), node('n2').memoryMiB(700))
      .families(fam())
      .apps(
        bigApp('a1', 'n1'),
        bigApp('a2', 'n1'),
        bigApp('a3', 'n1'),
        bigApp('vip', 'n1').weight(5),
      )
      .build();
    const plan = runBaseline(
      given,
      BASELINES.find((b) => b.name === 'critical-warm')!,
    );
    expect(checkPlan(given, plan)).toEqual([]);
    // vip: warm big (300); the rest cold big sharing n2's remaining 400 MiB while n1 is down: one fits.
    expect(plan.assignments.map((a) => [a.app, a.understudy?.mode ?? 'none'])).toEqual([
      ['a1', 'cold'],
      ['a2', 'none'],
      ['a3', 'none'],
      ['vip', 'warm'],
    ]);
  });

  it.each([7001, 7002, 7003])(
    'never beats the solver and always passes the checker (seed %i)',
    async (seed) => {
      const given = randomProblem(seed, {
        nodes: 6,
        apps: 24,
        variants: 3,
        unpinnedShare: 0.2,
        roominess: [2, 5],
      });
      const solved = await solvePlan(given, { timeLimitMs: 1_500 });
      for (const baseline of BASELINES) {
        const plan = runBaseline(given, baseline, { bound: solved.solver.bestBound });
        expect(checkPlan(given, plan)).toEqual([]);
        expect(plan.solver.objective).toBeLessThanOrEqual(solved.solver.bestBound + 1e-9);
      }
    },
  );
});
