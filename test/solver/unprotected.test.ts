import { describe, expect, it } from 'vitest';
import { checkPlan, solvePlan } from '../../solver/index.ts';
import type { PlanningProblemInput, Plan } from '../../solver/index.ts';
import { app, family, node, problem } from './fixtures.ts';
import { bigApp, fam } from './instances.ts';

type Entry = Plan['unprotected'][number];

const roomy = () =>
  problem().nodes(node('n1').memoryMiB(1000), node('n2').memoryMiB(1000)).families(fam());

const table: { name: string; given: PlanningProblemInput; want: Entry }[] = [
  {
    name: 'no variant is accurate enough',
    given: roomy()
      .apps(bigApp('a1', 'n1').slo({ minAccuracy: 0.9 }))
      .build(),
    want: {
      app: 'a1',
      reason: 'no-variant-meets-accuracy',
      message: 'No variant of family f reaches the minimum accuracy 0.9 (the best has 0.8).',
    },
  },
  {
    // p99: big 15 ms, small 8 ms
    name: 'no variant is fast enough at p99',
    given: roomy()
      .apps(bigApp('a1', 'n1').slo({ maxLatencyMs: 5 }))
      .build(),
    want: {
      app: 'a1',
      reason: 'no-variant-meets-latency',
      message: 'No variant of family f with accuracy ≥ 0.7 has a p99 latency within 5 ms.',
    },
  },
  {
    // fastest: warm small, 30 + 5 + 5 = 40 ms
    name: 'no understudy recovers in time',
    given: roomy()
      .apps(bigApp('a1', 'n1', 39))
      .build(),
    want: {
      app: 'a1',
      reason: 'no-candidate-meets-recovery',
      message:
        'No understudy of family f meeting its accuracy and latency SLOs recovers within 39 ms (the fastest estimate is 40 ms, warm, detection 30 ms included).',
    },
  },
  {
    name: 'there is no other node',
    given: problem()
      .nodes(node('n1').memoryMiB(1000))
      .families(fam())
      .apps(bigApp('a1', 'n1'))
      .build(),
    want: {
      app: 'a1',
      reason: 'no-other-node',
      message: "There is no usable node other than the primary's n1.",
    },
  },
  {
    name: 'every node is in the primary’s domain',
    given: roomy().apps(bigApp('a1', 'n1')).protection('domain').build(),
    want: {
      app: 'a1',
      reason: 'no-other-domain',
      message:
        'Every usable node is in failure domain default with the primary; domain protection needs a node in another domain.',
    },
  },
  {
    // n2 has 90 MiB; the smallest understudy (small, warm or cold) needs 100.
    name: 'no node has the memory',
    given: problem()
      .nodes(node('n1').memoryMiB(1000), node('n2').memoryMiB(90))
      .families(fam())
      .apps(bigApp('a1', 'n1'))
      .build(),
    want: {
      app: 'a1',
      reason: 'insufficient-memory',
      message:
        'Not enough memory: a warm understudy needs 100 MiB and the most any node other than n1 has free in every scenario is 90 MiB; a cold one needs 100 MiB and the most any such node has free while n1 is down is 90 MiB.',
    },
  },
  {
    // Only small meets the 10 ms p99 (big has 15), and a node could not load small.
    name: 'the only variant that meets the SLOs failed to load',
    given: problem()
      .nodes(node('n1').memoryMiB(1000), node('n2').memoryMiB(1000))
      .families(
        family('f')
          .variant('big', { accuracy: 0.8, memoryMiB: 300, loadMs: 1000, p50: 10, p99: 15 })
          .variant('small', {
            accuracy: 0.72,
            memoryMiB: 100,
            loadMs: 200,
            p50: 5,
            p99: 8,
            failedToLoad: 'MODEL_INVALID on n2: not an ONNX model',
          }),
      )
      .apps(bigApp('a1', 'n1').slo({ maxLatencyMs: 10 }))
      .build(),
    want: {
      app: 'a1',
      reason: 'variant-failed-to-load',
      message:
        'Every understudy of family f that meets its SLOs uses a variant known to fail to load or answer: small (MODEL_INVALID on n2: not an ONNX model).',
    },
  },
  {
    name: 'the primary itself fits nowhere',
    given: problem()
      .nodes(node('n1').memoryMiB(200), node('n2').memoryMiB(200))
      .families(fam())
      .apps(app('u1').family('f').primary('big').slo({ minAccuracy: 0.7, maxRecoveryMs: 2000 }))
      .build(),
    want: {
      app: 'u1',
      reason: 'primary-not-placed',
      message:
        'No node has 300 MiB free for the primary big, so the application neither runs nor is protected.',
    },
  },
];

describe('solvePlan on an over-committed cluster', () => {
  it.each(table)('says why when $name', async ({ given, want }) => {
    const plan = await solvePlan(given);
    expect(checkPlan(given, plan)).toEqual([]);
    expect(plan.unprotected).toEqual([want]);
  });

  it('protects what fits and lists the rest', async () => {
    // n2 has room for one warm small (100 MiB) or one cold small: three applications compete;
    // the heaviest gets it.
    const given = problem()
      .nodes(node('n1').memoryMiB(900), node('n2').memoryMiB(150))
      .families(fam())
      .apps(bigApp('a1', 'n1'), bigApp('a2', 'n1').weight(3), bigApp('a3', 'n1'))
      .build();
    const plan = await solvePlan(given);
    expect(checkPlan(given, plan)).toEqual([]);
    expect(plan.assignments.filter((a) => a.understudy !== null).map((a) => a.app)).toEqual(['a2']);
    expect(plan.unprotected.map((u) => [u.app, u.reason])).toEqual([
      ['a1', 'insufficient-memory'],
      ['a3', 'insufficient-memory'],
    ]);
  });
});

describe('solvePlan with a variant known to fail to load', () => {
  it('protects with another variant, and the checker refuses a plan that uses it', async () => {
    const given = problem()
      // n2 has no room for big (300 MiB): small or fine, and fine is the better one.
      .nodes(node('n1').memoryMiB(1000), node('n2').memoryMiB(200))
      .families(
        family('f')
          .variant('big', { accuracy: 0.8, memoryMiB: 300, loadMs: 1000, p50: 10, p99: 15 })
          .variant('small', { accuracy: 0.72, memoryMiB: 100, loadMs: 200, p50: 5, p99: 8 })
          .variant('fine', {
            accuracy: 0.79,
            memoryMiB: 50,
            loadMs: 100,
            p50: 4,
            p99: 6,
            failedToLoad: 'SIGNATURE_MISMATCH on n2: x is not one of the family inputs',
          }),
      )
      .apps(bigApp('a1', 'n1'))
      .build();
    const plan = await solvePlan(given);
    expect(checkPlan(given, plan)).toEqual([]);
    const understudy = plan.assignments[0]?.understudy;
    expect(understudy?.variant).not.toBe('fine');
    expect(understudy?.firstStepVariant).not.toBe('fine');
    const usingIt = {
      ...plan,
      assignments: plan.assignments.map((a) => ({
        ...a,
        understudy: a.understudy === null ? null : { ...a.understudy, variant: 'fine' },
      })),
    };
    expect(checkPlan(given, usingIt).map((v) => v.code)).toContain('understudy-failed-to-load');
  });
});
