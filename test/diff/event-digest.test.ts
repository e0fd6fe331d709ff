import { describe, expect, it } from 'vitest';
import { DIGEST_LIST_LIMIT, diffForEvent } from '../../solver/diff/index.ts';
import { plan, threeNodeCluster } from './plan-builder.ts';

describe('diffForEvent', () => {
  describe('for the first plan', () => {
    it('lists every app as added, from version 0', () => {
      const first = threeNodeCluster();
      // Loads: primaries r152 (a) 900, r50 (b) 300, r50 (c) 300; warm r50 (b) 300 and r18
      // (a) 120. Load phases: primaries max(a 900, b 300, c 300) = 900, then understudies
      // max(a 120, b 300) = 300: 1200 ms. Files: cam2's cold r18 on c.
      expect(diffForEvent(undefined, first.build(), first.figures())).toEqual({
        from: 0,
        empty: false,
        summary:
          'no plan → v1: 3 apps change (3 added); transition: 5 loads, 1 file to stage, ≈ 1.2 s',
        appsChanged: 3,
        newlyProtected: [],
        newlyUnprotected: [],
        primariesMoved: [],
        accuracyDelta: null,
        recoveryDeltaMs: null,
        loads: 5,
        unloads: 0,
        stages: 1,
        unstages: 0,
        estimatedMs: 1200,
        truncated: false,
      });
    });
  });

  describe('when nothing changes', () => {
    it('records an empty diff', () => {
      const digest = diffForEvent(threeNodeCluster().build(), threeNodeCluster().next().build());
      expect(digest).toMatchObject({ from: 1, empty: true, summary: 'v1 → v2: no changes' });
    });
  });

  describe('when more apps change than an event should carry', () => {
    it('cuts the lists short and says so', () => {
      const count = DIGEST_LIST_LIMIT + 10;
      const older = plan(1).withNodes({ a: 100_000, b: 100_000 });
      for (let i = 0; i < count; i++) {
        const id = `app${String(i).padStart(3, '0')}`;
        older.withApp(id, { primary: 'a/r18', understudy: 'b/r18/warm' });
      }
      const newer = older.next();
      for (let i = 0; i < count; i++) {
        const id = `app${String(i).padStart(3, '0')}`;
        newer.withApp(id, { primary: 'a/r18', understudy: { unprotected: 'no-other-node' } });
      }
      const digest = diffForEvent(older.build(), newer.build());
      expect(digest.appsChanged).toBe(count);
      expect(digest.newlyUnprotected).toHaveLength(DIGEST_LIST_LIMIT);
      expect(digest.newlyUnprotected[0]).toBe('app000');
      expect(digest.truncated).toBe(true);
    });
  });
});
