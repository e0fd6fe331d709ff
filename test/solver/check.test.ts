import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlan, solvePlan } from '../../solver/index.ts';
import type { Plan, PlanningProblemInput } from '../../solver/index.ts';
import { progressive, sharedReserve } from './instances.ts';

// Each case takes a valid plan, corrupts the plan or the problem it is checked against, and
// names the violation the checker must report (it may report consequences too).
type Corruption = {
  name: string;
  given: (
    problem: PlanningProblemInput,
    plan: Plan,
  ) => { problem: PlanningProblemInput; plan: Plan };
  want: string;
};

const edit = <T>(value: T, change: (copy: T) => void): T => {
  const copy = structuredClone(value);
  change(copy);
  return copy;
};

const corruptions: Corruption[] = [
  {
    // n3 holds big 300 + first step 100 = 400 MiB while n1 is down; 399 MiB is one short.
    name: 'memory over by one MiB under a failure scenario (first step included)',
    given: (problem, plan) => ({
      problem: edit(problem, (p) => void (p.nodes[2]!.memoryMiB = 399)),
      plan,
    }),
    want: 'memory-scenario',
  },
  {
    name: 'understudy on its primary’s node',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void (p.assignments[0]!.understudy!.node = 'n1')),
    }),
    want: 'understudy-on-primary-node',
  },
  {
    name: 'understudy in its primary’s failure domain',
    given: (problem, plan) => ({
      problem: edit(problem, (p) => {
        p.protection = 'domain';
        p.nodes[0]!.domain = 'rack';
        p.nodes[2]!.domain = 'rack';
      }),
      plan,
    }),
    want: 'understudy-in-primary-domain',
  },
  {
    // big (0.80) no longer meets a minimum accuracy of 0.85
    name: 'accuracy SLO broken',
    given: (problem, plan) => ({
      problem: edit(problem, (p) => void (p.apps[0]!.slo.minAccuracy = 0.85)),
      plan,
    }),
    want: 'slo-accuracy',
  },
  {
    // progressive recovery 30 + 200 + 5 = 235 ms > 200 ms
    name: 'recovery SLO broken',
    given: (problem, plan) => ({
      problem: edit(problem, (p) => void (p.apps[0]!.slo.maxRecoveryMs = 200)),
      plan,
    }),
    want: 'slo-recovery',
  },
  {
    name: 'latency SLO broken',
    given: (problem, plan) => ({
      problem: edit(problem, (p) => void (p.apps[0]!.slo.maxLatencyMs = 10)),
      plan,
    }),
    want: 'slo-latency',
  },
  {
    name: 'an application missing',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void p.assignments.splice(1, 1)),
    }),
    want: 'app-missing',
  },
  {
    name: 'two understudies for one application',
    given: (problem, plan) => ({
      problem,
      plan: edit(
        plan,
        (p) =>
          void p.assignments.push({
            ...structuredClone(p.assignments[0]!),
            understudy: { node: 'n2', variant: 'small', mode: 'warm' },
          }),
      ),
    }),
    want: 'app-duplicate',
  },
  {
    name: 'an understudy variant from another family',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void (p.assignments[0]!.understudy!.variant = 'resnet50')),
    }),
    want: 'understudy-variant-unknown',
  },
  {
    name: 'a stated recovery time that is not the estimate',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void (p.assignments[0]!.expectedRecoveryMs = 100)),
    }),
    want: 'expected-recovery-mismatch',
  },
  {
    name: 'a node report that hides the transient memory',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void (p.nodes[2]!.scenarios[0]!.transientMiB = 0)),
    }),
    want: 'node-report-mismatch',
  },
  {
    name: 'an unprotected application not listed as such',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => {
        p.assignments[0]!.understudy = null;
      }),
    }),
    want: 'unprotected-mismatch',
  },
  {
    name: 'a pinned primary moved',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void (p.assignments[0]!.primary.node = 'n2')),
    }),
    want: 'primary-pin-ignored',
  },
  {
    name: 'an objective that is not what the assignments are worth',
    given: (problem, plan) => ({
      problem,
      plan: edit(plan, (p) => void (p.solver.objective += 0.01)),
    }),
    want: 'objective-mismatch',
  },
];

describe('checkPlan', () => {
  let problem: PlanningProblemInput;
  let plan: Plan;
  beforeAll(async () => {
    problem = progressive(400).build();
    plan = await solvePlan(problem, { targetGapPct: 0 });
  });

  it('accepts the valid plan', () => {
    expect(checkPlan(problem, plan)).toEqual([]);
  });

  it.each(corruptions)('reports $want for $name', ({ given, want }) => {
    const corrupted = given(problem, plan);
    const codes = checkPlan(corrupted.problem, corrupted.plan).map((v) => v.code);
    expect(codes).toContain(want);
  });

  describe('when cold understudies of two scenarios share a node', () => {
    it('counts each scenario on its own, not their sum', async () => {
      // a1 and a2 both have cold big (300 MiB) on n3 (300 MiB), for different failures.
      const given = sharedReserve().build();
      const valid = await solvePlan(given, { targetGapPct: 0 });
      expect(checkPlan(given, valid)).toEqual([]);
      const tight = edit(given, (p) => void (p.nodes[2]!.memoryMiB = 299));
      expect(checkPlan(tight, valid).filter((v) => v.code === 'memory-scenario')).toHaveLength(2);
    });
  });
});
