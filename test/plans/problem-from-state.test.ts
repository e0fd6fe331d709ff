import { describe, expect, it } from 'vitest';
import { problemFromState } from '../../src/plans/problem-from-state.ts';
import type { ClusterSnapshot } from '../../src/plans/problem-from-state.ts';
import { appDoc, familyDoc, nodeDoc } from '../../src/store/documents.ts';
import type { Liveness, LoadFailure, StandIn } from '../../src/store/index.ts';

const slo = { maxRecoveryMs: 500, minAccuracy: 0.5 };
const variant = (id: string, accuracy: number, memoryMiB: number) => ({
  id,
  location: `file:///${id}.onnx`,
  accuracy,
  memoryMiB,
  loadMs: memoryMiB,
  latencyMs: { p50: 1, p99: 2 },
});

function cluster(
  liveness: Record<string, Liveness['status']>,
  standIns: Record<string, StandIn> = {},
): ClusterSnapshot {
  return {
    nodes: ['a', 'b', 'c'].map((id) => nodeDoc(id, { memoryMiB: 100 })),
    liveness: new Map(Object.entries(liveness).map(([id, status]) => [id, { status }])),
    families: [
      familyDoc('resnet', {
        task: 'image-classification',
        variants: [variant('small', 0.7, 10), variant('large', 0.8, 20)],
      }),
    ],
    apps: [appDoc('cam', { family: 'resnet', primaryVariant: 'large', primaryNode: 'a', slo })],
    standIns: new Map(Object.entries(standIns)),
  };
}

const standIn: StandIn = { node: 'b', variant: 'small', failedNode: 'a', sinceMs: 0 };

describe('problemFromState', () => {
  it('keeps an app where its understudy took over while the failed node is down', () => {
    const problem = problemFromState(cluster({ a: 'down' }, { cam: standIn }), {});
    expect(problem.nodes.map((node) => node.id)).toEqual(['b', 'c']);
    expect(problem.apps[0]).toMatchObject({ primaryNode: 'b', primaryVariant: 'small' });
  });

  it('returns the app to its own pin and variant once the failed node is up (fail-back)', () => {
    const problem = problemFromState(cluster({ a: 'up' }, { cam: standIn }), {});
    expect(problem.apps[0]).toMatchObject({ primaryNode: 'a', primaryVariant: 'large' });
  });

  it('ignores a stand-in whose serving node is down too: the app is planned afresh', () => {
    const problem = problemFromState(cluster({ a: 'down', b: 'down' }, { cam: standIn }), {});
    expect(problem.apps[0]).toMatchObject({ primaryVariant: 'large' });
    expect(problem.apps[0]?.primaryNode).toBeUndefined();
  });

  it('ignores a stand-in once the failed node was removed for good', () => {
    const removed = { ...standIn, failedNode: 'gone' };
    const problem = problemFromState(cluster({ gone: 'down' }, { cam: removed }), {});
    expect(problem.apps[0]).toMatchObject({ primaryVariant: 'large' });
  });

  it('ignores a stand-in naming a variant the family no longer has', () => {
    const gone = { ...standIn, variant: 'tiny' };
    const problem = problemFromState(cluster({ a: 'down' }, { cam: gone }), {});
    expect(problem.apps[0]).toMatchObject({ primaryVariant: 'large' });
    expect(problem.apps[0]?.primaryNode).toBeUndefined();
  });

  describe('with a variant a node could not load', () => {
    const failure: LoadFailure = {
      node: 'b',
      family: 'resnet',
      variant: 'small',
      code: 'MODEL_INVALID',
      message: 'not ONNX',
      atMs: 1,
      location: 'file:///small.onnx',
    };
    const variantsOf = (loadFailures: LoadFailure[]) =>
      problemFromState({ ...cluster({}), loadFailures }, {}).families[0]?.variants;

    it('marks it failedToLoad, with the node and the reason', () => {
      expect(variantsOf([failure])).toMatchObject([
        { id: 'small', failedToLoad: 'MODEL_INVALID on b: not ONNX' },
        { id: 'large' },
      ]);
      expect(variantsOf([failure])?.[1]).not.toHaveProperty('failedToLoad');
    });

    it('forgets it once the variant names another file', () => {
      const moved = { ...failure, location: 'file:///small-v1.onnx' };
      expect(variantsOf([moved])?.[0]).not.toHaveProperty('failedToLoad');
      const resigned = { ...failure, sha256: 'a'.repeat(64) };
      expect(variantsOf([resigned])?.[0]).not.toHaveProperty('failedToLoad');
    });
  });

  it('marks a stored variant whose signature is not its family’s as failing to load', () => {
    const signature = {
      inputs: [{ name: 'image', type: 'float32' as const, dims: [1, 3, 224, 224] }],
      outputs: [{ name: 'logits', type: 'float32' as const, dims: [1, 1000] }],
    };
    const small = {
      ...signature,
      inputs: [{ name: 'image', type: 'float32' as const, dims: [1, 3, 112, 112] }],
    };
    const snapshot = cluster({});
    const family = snapshot.families[0];
    if (family === undefined) throw new Error('no family');
    const stored = {
      ...snapshot,
      families: [
        {
          ...family,
          signature,
          variants: [
            { ...variant('small', 0.7, 10), signature: small },
            { ...variant('large', 0.8, 20), signature },
          ],
        },
      ],
    };
    const variants = problemFromState(stored, {}).families[0]?.variants;
    expect(variants?.[0]?.failedToLoad).toBe(
      "SIGNATURE_MISMATCH: image has 112 at dimension 2; the family's has 224; image has 112 at dimension 3; the family's has 224",
    );
    expect(variants?.[1]).not.toHaveProperty('failedToLoad');
  });
});
