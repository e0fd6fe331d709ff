import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../solver/diff/index.ts';
import type { PlanDiff } from '../../solver/diff/index.ts';
import { threeNodeCluster as base } from './plan-builder.ts';
import type { PlanBuilder } from './plan-builder.ts';

// base() is the three-node cluster of plan-builder.ts; its memory and estimates are worked out
// there, and each case below states what it changes and the numbers that follow.

interface AppWant {
  app: string;
  changes: string[];
  accuracyDelta: number;
  recoveryDeltaMs: number | null;
}

function appsOf(diff: PlanDiff): AppWant[] {
  return diff.apps.map(({ app, changes, accuracyDelta, recoveryDeltaMs }) => ({
    app,
    changes,
    accuracyDelta,
    recoveryDeltaMs,
  }));
}

describe('diffPlans', () => {
  describe('when the plans are alike', () => {
    it('gives an empty diff for the same plan', () => {
      const v1 = base().build();
      const diff = diffPlans(v1, v1, base().figures());
      expect(diff).toMatchObject({
        empty: true,
        apps: [],
        nodes: [],
        summary: 'v1 → v1: no changes',
      });
      expect(diff.transition).toMatchObject({ phases: [], loads: 0, unloads: 0, estimatedMs: 0 });
      expect(diff.accuracy.delta).toBe(0);
    });

    it('gives an empty diff for the same placement under a newer version', () => {
      const diff = diffPlans(base().build(), base().next().build(), base().figures());
      expect(diff).toMatchObject({ empty: true, from: 1, to: 2, summary: 'v1 → v2: no changes' });
    });
  });

  describe('per application', () => {
    const cases: Array<{ name: string; given: (b: PlanBuilder) => PlanBuilder; want: AppWant[] }> =
      [
        {
          // Same understudy, so accuracy and recovery on failover stay.
          name: 'one moved app: cam1 primary a → c',
          given: (b) => b.withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' }),
          want: [{ app: 'cam1', changes: ['primary-moved'], accuracyDelta: 0, recoveryDeltaMs: 0 }],
        },
        {
          // 0 − 0.70 (r18) = −0.70; no recovery once unprotected.
          name: 'one newly unprotected app: cam2',
          given: (b) =>
            b.withApp('cam2', {
              primary: 'b/r50',
              understudy: { unprotected: 'insufficient-memory' },
            }),
          want: [
            {
              app: 'cam2',
              changes: ['newly-unprotected'],
              accuracyDelta: -0.7,
              recoveryDeltaMs: null,
            },
          ],
        },
        {
          // warm r50 → warm r18: 0.70 − 0.76 = −0.06; both warm: 40 − 40 = 0 ms.
          name: 'a smaller understudy variant: cam1 r50 → r18',
          given: (b) => b.withApp('cam1', { primary: 'a/r152', understudy: 'b/r18/warm' }),
          want: [
            {
              app: 'cam1',
              changes: ['understudy-variant-changed'],
              accuracyDelta: -0.06,
              recoveryDeltaMs: 0,
            },
          ],
        },
        {
          // warm 40 ms → cold 35 + 300 = 335 ms: +295 ms; same variant, same accuracy.
          name: 'a warm understudy turned cold: cam1',
          given: (b) => b.withApp('cam1', { primary: 'a/r152', understudy: 'b/r50/cold' }),
          want: [
            {
              app: 'cam1',
              changes: ['understudy-mode-changed'],
              accuracyDelta: 0,
              recoveryDeltaMs: 295,
            },
          ],
        },
        {
          // Apps in one plan only neither gain nor lose accuracy.
          name: 'an added and a removed app',
          given: (b) =>
            b.withoutApp('cam3').withApp('cam4', { primary: 'a/r18', understudy: 'c/r18/cold' }),
          want: [
            { app: 'cam3', changes: ['removed'], accuracyDelta: 0, recoveryDeltaMs: null },
            { app: 'cam4', changes: ['added'], accuracyDelta: 0, recoveryDeltaMs: null },
          ],
        },
        {
          // Promoted onto the node of its warm understudy, which moves on to c.
          name: 'a primary promoted onto its understudy: cam1',
          given: (b) => b.withApp('cam1', { primary: 'b/r50', understudy: 'c/r50/warm' }),
          want: [
            {
              app: 'cam1',
              changes: ['primary-moved', 'primary-variant-changed', 'understudy-moved'],
              accuracyDelta: 0,
              recoveryDeltaMs: 0,
            },
          ],
        },
      ];

    it.each(cases)('$name', ({ given, want }) => {
      const older = base();
      const newer = given(older.next());
      expect(appsOf(diffPlans(older.build(), newer.build(), newer.figures()))).toEqual(want);
    });

    it('gives the reason an app became unprotected', () => {
      const newer = base()
        .next()
        .withApp('cam2', { primary: 'b/r50', understudy: { unprotected: 'insufficient-memory' } });
      const diff = diffPlans(base().build(), newer.build(), newer.figures());
      expect(diff.apps[0]?.unprotected).toEqual({
        app: 'cam2',
        reason: 'insufficient-memory',
        message: 'cam2: insufficient-memory',
      });
      expect(diff.protection).toEqual({
        protectedBefore: 3,
        protectedAfter: 2,
        unprotectedBefore: 0,
        unprotectedAfter: 1,
        newlyProtected: [],
        newlyUnprotected: ['cam2'],
      });
    });

    it('reports changed estimates when only the figures moved', () => {
      const older = base().build();
      const newer = base().next().build();
      const cam3 = newer.assignments.find((a) => a.app === 'cam3');
      if (cam3 !== undefined) cam3.expectedAccuracy = 0.72; // r18 re-profiled: 0.70 → 0.72
      expect(appsOf(diffPlans(older, newer))).toEqual([
        { app: 'cam3', changes: ['estimates-changed'], accuracyDelta: 0.02, recoveryDeltaMs: 0 },
      ]);
    });
  });

  describe('cluster-wide', () => {
    it('weighs failover accuracy by app weight, unprotected counting 0', () => {
      // Weights cam1 3, cam2 1, cam3 1.
      // before (3·0.76 + 0.70 + 0.70) / 5 = 3.68 / 5 = 0.736
      // after  (3·0.76 + 0    + 0.70) / 5 = 2.98 / 5 = 0.596; delta −0.14
      const older = base().withApp('cam1', {
        primary: 'a/r152',
        understudy: 'b/r50/warm',
        weight: 3,
      });
      const newer = older
        .next()
        .withApp('cam2', { primary: 'b/r50', understudy: { unprotected: 'no-other-node' } });
      expect(diffPlans(older.build(), newer.build(), newer.figures()).accuracy).toEqual({
        weightedBefore: 0.736,
        weightedAfter: 0.596,
        delta: -0.14,
        weightsKnown: true,
      });
    });

    it('averages recovery over protected apps only', () => {
      // before (40 + 155 + 40) / 3 = 78.333; after (40 + 40) / 2 = 40; delta −38.333
      const newer = base()
        .next()
        .withApp('cam2', { primary: 'b/r50', understudy: { unprotected: 'no-other-node' } });
      expect(diffPlans(base().build(), newer.build()).recovery).toEqual({
        meanBeforeMs: 78.333,
        meanAfterMs: 40,
        deltaMs: -38.333,
      });
    });
  });

  describe('per node', () => {
    const cases: Array<{
      name: string;
      given: (b: PlanBuilder) => PlanBuilder;
      want: Array<[node: string, steadyDeltaMiB: number, worstCaseDeltaMiB: number]>;
    }> = [
      {
        // a: 285 → 45 (−240); c: steady 100 → 340, worst 145 → 340 + 45 = 385 (+240).
        name: 'a moved primary shifts its memory',
        given: (b) => b.withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' }),
        want: [
          ['a', -240, -240],
          ['c', 240, 240],
        ],
      },
      {
        // cam3's warm r18 (45 MiB) moves from a to b: a 285 → 240, b 200 → 245.
        name: 'a moved warm understudy shifts its memory',
        given: (b) => b.withApp('cam3', { primary: 'c/r50', understudy: 'b/r18/warm' }),
        want: [
          ['a', -45, -45],
          ['b', 45, 45],
        ],
      },
      {
        // b: steady 200 → 100; worst stays 200 (cam1's cold r50 loads there when a fails).
        name: 'a warm understudy turned cold frees steady memory only',
        given: (b) => b.withApp('cam1', { primary: 'a/r152', understudy: 'b/r50/cold' }),
        want: [['b', -100, 0]],
      },
      {
        // c leaves: its 100 steady and 145 worst go; a and b lose their scenario "c fails",
        // which added nothing, so only c is listed.
        name: 'a removed node is listed with nothing after',
        given: (b) => b.withoutNode('c'),
        want: [['c', -100, -145]],
      },
    ];

    it.each(cases)('$name', ({ given, want }) => {
      const diff = diffPlans(base().build(), given(base().next()).build());
      expect(diff.nodes.map((n) => [n.node, n.steadyDeltaMiB, n.worstCaseDeltaMiB])).toEqual(want);
    });

    it('names the failure behind the worst case', () => {
      const diff = diffPlans(base().build(), base().next().withoutNode('c').build());
      expect(diff.nodes[0]).toMatchObject({
        before: { capacityMiB: 1000, steadyMiB: 100, worstCaseMiB: 145, worstFailure: 'b' },
        after: null,
      });
    });
  });
});
