import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { checkPlan, solvePlan } from '../../solver/index.ts';
import type { MilpBackend, Plan, PlanningProblemInput } from '../../solver/index.ts';
import { app, node, problem } from './fixtures.ts';
import { bigApp, fam, progressive, sharedReserve } from './instances.ts';
import { randomProblem } from './random-problems.ts';

type Understudy = {
  app: string;
  node: string;
  variant: string;
  mode: string;
  firstStepVariant?: string;
};

const understudies = (plan: Plan): Understudy[] =>
  plan.assignments.flatMap((a) => (a.understudy === null ? [] : [{ app: a.app, ...a.understudy }]));

const table: {
  name: string;
  given: PlanningProblemInput;
  want: { objective: number; understudies: Understudy[] };
}[] = [
  {
    // warm big on n2: recovery 30 + 5 + 10 = 45 ms; value 1 − 0.1 · 45/2000 = 0.99775
    name: 'gives a roomy cluster a full-size warm understudy',
    given: problem()
      .nodes(node('n1').memoryMiB(1000), node('n2').memoryMiB(1000))
      .families(fam())
      .apps(bigApp('a1', 'n1'))
      .build(),
    want: {
      objective: 0.99775,
      understudies: [{ app: 'a1', node: 'n2', variant: 'big', mode: 'warm' }],
    },
  },
  {
    // n3 (300 MiB) is the only room. Both cold big: reserve max(300, 300) = 300 fits, value
    // 1 − 0.1 · (30 + 1000 + 10)/2000 = 0.948 each = 1.896; the best alternative, two warm
    // small (200 MiB), is worth 2 · (0.72/0.8 − 0.1 · 40/2000) = 1.796.
    name: 'lets cold understudies of different failure scenarios share one reserve',
    given: sharedReserve().build(),
    want: {
      objective: 1.896,
      understudies: [
        { app: 'a1', node: 'n3', variant: 'big', mode: 'cold' },
        { app: 'a2', node: 'n3', variant: 'big', mode: 'cold' },
      ],
    },
  },
  {
    // maxRecoveryMs 800 rules out cold big (1040 ms). Progressive big (small first): 30 + 200
    // + 5 = 235 ms, value 1 − 0.1 · 235/800 = 0.970625, footprint 300 + 100 = 400 = n3: 1.94125.
    // Next best: warm big + warm small (400 MiB) = 0.994375 + 0.895 = 1.889375.
    name: 'starts a progressive failover when it fits with its first step',
    given: progressive(400).build(),
    want: {
      objective: 1.94125,
      understudies: [
        { app: 'a1', node: 'n3', variant: 'big', mode: 'cold', firstStepVariant: 'small' },
        { app: 'a2', node: 'n3', variant: 'big', mode: 'cold', firstStepVariant: 'small' },
      ],
    },
  },
  {
    // One MiB less and the 400 MiB swap peak no longer fits; warm big + anything is ≥ 400 too.
    // Two warm small (200 MiB): 2 · (0.9 − 0.1 · 40/800) = 1.79 beats warm + cold small (1.765625).
    name: 'counts the first step as resident during the swap',
    given: progressive(399).build(),
    want: {
      objective: 1.79,
      understudies: [
        { app: 'a1', node: 'n3', variant: 'small', mode: 'warm' },
        { app: 'a2', node: 'n3', variant: 'small', mode: 'warm' },
      ],
    },
  },
  {
    // Domain protection excludes n2 (same domain as n1); n3 has 250 MiB: warm small is best,
    // 0.72/0.8 − 0.1 · 40/2000 = 0.898.
    name: 'keeps a domain-protected understudy out of its primary domain',
    given: problem()
      .nodes(
        node('n1').memoryMiB(1000).domain('a'),
        node('n2').memoryMiB(1000).domain('a'),
        node('n3').memoryMiB(250).domain('b'),
      )
      .families(fam())
      .apps(bigApp('a1', 'n1'))
      .protection('domain')
      .build(),
    want: {
      objective: 0.898,
      understudies: [{ app: 'a1', node: 'n3', variant: 'small', mode: 'warm' }],
    },
  },
  {
    // Weight 5 against weight 1 for the only 300 MiB slot: warm big for the heavy application
    // (5 · 0.99775), warm small for the other in the 100 MiB left (0.898): 5.88675.
    name: 'gives the heavier application the better understudy',
    given: problem()
      .nodes(node('n1').memoryMiB(600), node('n2').memoryMiB(400))
      .families(fam())
      .apps(bigApp('light', 'n1'), bigApp('heavy', 'n1').weight(5))
      .build(),
    want: {
      objective: 5.88675,
      understudies: [
        { app: 'light', node: 'n2', variant: 'small', mode: 'warm' },
        { app: 'heavy', node: 'n2', variant: 'big', mode: 'warm' },
      ],
    },
  },
];

describe('solvePlan', () => {
  it.each(table)('$name', async ({ given, want }) => {
    const plan = await solvePlan(given, { targetGapPct: 0 });
    expect(checkPlan(given, plan)).toEqual([]);
    expect(plan.solver.objective).toBeCloseTo(want.objective, 9);
    expect(understudies(plan)).toEqual(want.understudies);
    expect(plan.solver.status).toBe('optimal');
  });

  describe('when the planner places a primary', () => {
    it('puts it and its understudy on different nodes', async () => {
      // Either node can host the primary; the other then holds a warm big copy: 0.99775.
      const given = problem()
        .nodes(node('n1').memoryMiB(1000), node('n2').memoryMiB(400))
        .families(fam())
        .apps(app('u1').family('f').primary('big').slo({ minAccuracy: 0.7, maxRecoveryMs: 2000 }))
        .build();
      const plan = await solvePlan(given, { targetGapPct: 0 });
      const [only] = plan.assignments;
      expect(checkPlan(given, plan)).toEqual([]);
      expect(plan.solver.objective).toBeCloseTo(0.99775, 9);
      expect(only?.understudy?.node).not.toBe(only?.primary.node);
    });
  });

  describe('the per-node memory report', () => {
    it('lists each failure scenario with its transient first-step memory', async () => {
      const plan = await solvePlan(progressive(400).build(), { targetGapPct: 0 });
      const n3 = plan.nodes.find((n) => n.node === 'n3');
      // steady 0; while n1 (or n2) is down: big 300 + first step small 100.
      expect(n3).toEqual({
        node: 'n3',
        capacityMiB: 400,
        steadyMiB: 0,
        worstCaseMiB: 400,
        scenarios: [
          { failed: 'n1', memoryMiB: 400, transientMiB: 100 },
          { failed: 'n2', memoryMiB: 400, transientMiB: 100 },
        ],
      });
    });
  });

  describe('when solved twice', () => {
    it('returns the same plan', async () => {
      const given = sharedReserve().build();
      const stable = (plan: Plan) => ({
        ...plan,
        createdAt: '',
        solver: { ...plan.solver, timeMs: 0 },
      });
      const first = await solvePlan(given);
      const second = await solvePlan(given);
      expect(stable(second)).toEqual(stable(first));
    });
  });
});

describe('solvePlan when the glpk worker fails', () => {
  it('still returns the checked heuristic plan, bounded by the Lagrangian dual', async () => {
    let calls = 0;
    const failing: MilpBackend = {
      constants: {
        GLP_MAX: 2,
        GLP_MIN: 1,
        GLP_UP: 3,
        GLP_LO: 2,
        GLP_DB: 4,
        GLP_FX: 5,
        GLP_OPT: 5,
        GLP_FEAS: 2,
        GLP_NOFEAS: 4,
        GLP_INFEAS: 3,
        GLP_UNDEF: 1,
        GLP_UNBND: 6,
      },
      solve: () => {
        calls++;
        return Promise.reject(new DomainError('SOLVER_BACKEND_FAILED', 'glpk worker crashed'));
      },
      close: () => Promise.resolve(),
    };
    // A random problem where the Lagrangian bound alone leaves a gap, so glpk is asked.
    const given = randomProblem(5004, { nodes: 8, apps: 12, variants: 3, unpinnedShare: 0.3 });
    const plan = await solvePlan(given, { backend: failing, targetGapPct: 0 });
    expect(checkPlan(given, plan)).toEqual([]);
    expect(calls).toBeGreaterThan(0);
    expect(plan.solver.boundMethod).toBe('lagrangian');
    expect(plan.solver.bestBound).toBeGreaterThanOrEqual(plan.solver.objective);
  });
});
