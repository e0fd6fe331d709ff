import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../solver/diff/index.ts';
import type { PlanTransition } from '../../solver/diff/index.ts';
import { threeNodeCluster as base } from './plan-builder.ts';
import type { PlanBuilder } from './plan-builder.ts';

// base() is the three-node cluster of plan-builder.ts; its memory and estimates are worked out
// there, and each case below states what it changes and the numbers that follow.

/** Phases as `phase: node action variant app`, with their estimates. */
function outline(transition: PlanTransition): string[] {
  return transition.phases.map(
    (phase) =>
      `${phase.phase} (${phase.estimatedMs} ms): ` +
      phase.steps
        .map((s) => `${s.node} ${s.action} ${s.variant} ${s.app ?? s.apps?.join('+')}`)
        .join(', '),
  );
}

describe('the transition of a plan diff', () => {
  const cases: Array<{
    name: string;
    given: (b: PlanBuilder) => PlanBuilder;
    want: { phases: string[]; estimatedMs: number | null };
  }> = [
    {
      // Make before break: r152 loads on c (900 ms) before it unloads on a.
      name: 'a moved primary loads at its new node, then unloads at the old one',
      given: (b) => b.withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' }),
      want: {
        phases: [
          'load-primaries (900 ms): c load r152 cam1',
          'release-primaries (0 ms): a unload r152 cam1',
        ],
        estimatedMs: 900,
      },
    },
    {
      // The old understudy goes first to make room; the new one loads last (120 ms).
      name: 'a moved warm understudy is released, then loaded elsewhere',
      given: (b) => b.withApp('cam3', { primary: 'c/r50', understudy: 'b/r18/warm' }),
      want: {
        phases: [
          'release-understudies (0 ms): a unload r18 cam3',
          'load-understudies (120 ms): b load r18 cam3',
        ],
        estimatedMs: 120,
      },
    },
    {
      // The file is staged before the session is released: no load at all.
      name: 'a warm understudy turned cold is staged, then unloaded',
      given: (b) => b.withApp('cam1', { primary: 'a/r152', understudy: 'b/r50/cold' }),
      want: {
        phases: [
          'stage-files (0 ms): b stage r50 cam1',
          'release-understudies (0 ms): b unload r50 cam1',
        ],
        estimatedMs: 0,
      },
    },
    {
      // cam1's warm r50 on b becomes its primary (a retag, no load); a new warm r50 on c
      // loads (300 ms); the r152 on a unloads.
      name: 'a promoted understudy is re-tagged, not reloaded',
      given: (b) => b.withApp('cam1', { primary: 'b/r50', understudy: 'c/r50/warm' }),
      want: {
        phases: [
          'load-primaries (0 ms): b retag r50 cam1',
          'release-primaries (0 ms): a unload r152 cam1',
          'load-understudies (300 ms): c load r50 cam1',
        ],
        estimatedMs: 300,
      },
    },
    {
      // Loads on one node add up (c: 900 + 300), nodes work in parallel (a: 120), so the
      // phase takes max(1200, 120) = 1200 ms.
      name: 'one node loads one model at a time, nodes in parallel',
      given: (b) =>
        b
          .withApp('cam4', {
            primary: 'c/r152',
            understudy: { unprotected: 'insufficient-memory' },
          })
          .withApp('cam5', { primary: 'c/r50', understudy: { unprotected: 'insufficient-memory' } })
          .withApp('cam6', {
            primary: 'a/r18',
            understudy: { unprotected: 'insufficient-memory' },
          }),
      want: {
        phases: ['load-primaries (1200 ms): a load r18 cam6, c load r152 cam4, c load r50 cam5'],
        estimatedMs: 1200,
      },
    },
  ];

  it.each(cases)('$name', ({ given, want }) => {
    const newer = given(base().next());
    const transition = diffPlans(base().build(), newer.build(), newer.figures()).transition;
    expect({ phases: outline(transition), estimatedMs: transition.estimatedMs }).toEqual(want);
  });

  it('shares a staged file between apps of one family', () => {
    // cam1 and cam3 both get a cold r18 on b: one file, staged once.
    const newer = base()
      .next()
      .withApp('cam1', { primary: 'a/r152', understudy: 'b/r18/cold' })
      .withApp('cam3', { primary: 'c/r50', understudy: 'b/r18/cold' });
    const transition = diffPlans(base().build(), newer.build(), newer.figures()).transition;
    expect(transition.phases[0]?.steps).toEqual([
      { node: 'b', action: 'stage', variant: 'r18', family: 'resnet', apps: ['cam1', 'cam3'] },
    ]);
    expect(transition.stages).toBe(1);
  });

  describe('without the family figures', () => {
    it('leaves the time unknown and counts the loads it cannot time', () => {
      const newer = base().next().withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' });
      const transition = diffPlans(base().build(), newer.build()).transition;
      expect(transition).toMatchObject({ estimatedMs: null, unknownLoadTimes: 1, loads: 1 });
      expect(transition.phases[0]?.steps[0]).toEqual({
        node: 'c',
        action: 'load',
        variant: 'r152',
        app: 'cam1',
        role: 'primary',
      });
    });
  });
});
