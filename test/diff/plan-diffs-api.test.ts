import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffPlans } from '../../solver/diff/index.ts';
import { solvePlan } from '../../solver/solve.ts';
import { problemFromState } from '../../src/plans/problem-from-state.ts';
import { readCluster } from '../../src/plans/read-cluster.ts';
import { planDiffMarkdown } from '../../src/reports/plan-diff-markdown.ts';
import { app, family, variant } from '../support/builders.ts';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { RESNET, threeNodeCluster } from './plan-builder.ts';

describe('GET /v1/plans/{from}/diff/{to}', () => {
  let api: TestServer;
  const older = threeNodeCluster();
  const newer = older.next().withApp('cam1', { primary: 'c/r152', understudy: 'b/r50/warm' });

  beforeAll(async () => {
    api = await startTestServer({ label: 'diff' });
    // The state gives the figures: the fixture family's load times, three apps of weight 1.
    const variants = RESNET.variants.map((v) => variant(v.id, { ...v }));
    await api.store.state.putFamily('resnet', { ...family(), variants }, {});
    for (const id of ['cam1', 'cam2', 'cam3'])
      await api.store.state.putApp(id, app('resnet', 'r50'), {});
    await api.store.plans.publish(older.build());
    await api.store.plans.publish(newer.build());
  });
  afterAll(() => api.dispose());

  it('answers JSON by default', async () => {
    const reply = await api.call('GET', '/v1/plans/1/diff/2');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('vary')).toMatch(/Accept/);
    expect(reply.body).toEqual(diffPlans(older.build(), newer.build(), newer.figures()));
  });

  it('answers Markdown when asked for it', async () => {
    const reply = await api.call('GET', '/v1/plans/1/diff/2', {
      headers: { accept: 'text/html;q=0.5, text/markdown' },
    });
    expect(reply.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(reply.body).toBe(
      planDiffMarkdown(diffPlans(older.build(), newer.build(), newer.figures())),
    );
  });

  it('answers a self-contained HTML page when asked for it', async () => {
    const reply = await api.call('GET', '/v1/plans/1/diff/2', { headers: { accept: 'text/html' } });
    expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(reply.body).toMatch(/^<!doctype html>[\s\S]*data-chart="memory"/);
  });

  it('answers 406 naming what it offers when nothing is acceptable', async () => {
    const reply = await api.call('GET', '/v1/plans/1/diff/2', { headers: { accept: 'image/png' } });
    expect(reply.status).toBe(406);
    expect(reply.body).toMatchObject({
      code: 'NOT_ACCEPTABLE',
      detail: 'a plan diff is available as application/json, text/markdown, text/html',
      errors: [
        {
          pointer: '/headers/accept',
          detail: 'must accept one of application/json, text/markdown, text/html',
        },
      ],
    });
  });

  it('answers 404 naming the version that does not exist', async () => {
    const reply = await api.call('GET', '/v1/plans/1/diff/9');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ code: 'NOT_FOUND', detail: 'no plan version 9' });
  });
});

describe('POST /v1/plans/preview', () => {
  let api: TestServer;

  /**
   * Nodes a and b (600 MiB) and c (1000 MiB); one 100 MiB variant; p1..p4 pinned to a and
   * q1..q4 pinned to b, p1, p2, q1, q2 of weight 10, the rest of weight 1. A warm understudy
   * is the only kind meeting the 100 ms recovery SLO (cold: 30 + 200 + 2 ms).
   * With c every app has room (8 × 100 MiB of understudies; c alone has 1000). Without c, a
   * has 600 − 400 = 200 MiB for two of b's understudies and b room for two of a's, so the
   * heavy ones keep theirs and exactly p3, p4, q3 and q4 lose protection.
   */
  beforeAll(async () => {
    api = await startTestServer({ label: 'diff' });
    const { state } = api.store;
    await state.putNode('a', { memoryMiB: 600 }, {});
    await state.putNode('b', { memoryMiB: 600 }, {});
    await state.putNode('c', { memoryMiB: 1000 }, {});
    await state.putFamily(
      'resnet',
      { task: 'image-classification', variants: [variant('r50')] },
      {},
    );
    for (const [node, prefix] of [
      ['a', 'p'],
      ['b', 'q'],
    ] as const) {
      for (const i of [1, 2, 3, 4]) {
        const slo = { maxRecoveryMs: 100, minAccuracy: 0.6 };
        const input = app('resnet', 'r50', { primaryNode: node, weight: i <= 2 ? 10 : 1, slo });
        await state.putApp(`${prefix}${i}`, input, {});
      }
    }
    // The current plan: every app protected (understudies on c, or on a and b).
    const current = await solvePlan(problemFromState(await readCluster(api.store), {}));
    expect(current.unprotected).toEqual([]);
    await api.store.plans.publish(current);
  });
  afterAll(() => api.dispose());

  it('lists exactly the apps that lose protection when a node goes', async () => {
    const reply = await api.call('POST', '/v1/plans/preview', { body: { removeNodes: ['c'] } });
    expect(reply.status).toBe(200);
    const { plan, diff } = reply.body as {
      plan: { version: number };
      diff: ReturnType<typeof diffPlans>;
    };
    expect(plan.version).toBe(0);
    expect(diff).toMatchObject({ from: 1, to: 0 });
    expect(diff.protection.newlyUnprotected).toEqual(['p3', 'p4', 'q3', 'q4']);
    expect(diff.protection.newlyProtected).toEqual([]);
  });

  it('changes nothing it was asked about', async () => {
    expect((await api.store.plans.current())?.version).toBe(1);
    expect(await api.store.state.get('node', 'c')).toBeDefined();
  });

  it('reports every reference that does not resolve, at once', async () => {
    const reply = await api.call('POST', '/v1/plans/preview', {
      body: {
        removeNodes: ['c', 'zz'],
        patchApps: [{ id: 'nope', patch: { weight: 2 } }],
        upsertApps: [{ id: 'new', app: app('resnet', 'r999') }],
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      detail: '3 references in the preview do not resolve',
      errors: [
        { pointer: '/body/removeNodes/1', detail: 'no node named "zz"' },
        { pointer: '/body/patchApps/0/id', detail: 'no app named "nope"' },
        {
          pointer: '/body/upsertApps/0/app/primaryVariant',
          detail: 'family "resnet" has no variant "r999"; it has: r50',
        },
      ],
    });
  });
});
