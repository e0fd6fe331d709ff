/**
 * Hedged routing end to end: two real agents — edge-a serves `vision` (warm understudy on
 * edge-b) and `archive` (cold understudy on edge-b, a staged file) — the route table following
 * the real event stream, and edge-a stopped with SIGSTOP: its port still accepts, it just
 * never answers, and no connection closes.
 *
 * No controller runs here, so nothing ever declares edge-a failed: a failover cannot explain
 * any answer from edge-b. Each answer the understudy gives is a hedge, and the route still
 * names edge-a throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../openapi/types.ts';
import { deletePrefix, uniquePrefix, TEST_REDIS_URL } from '../support/redis.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { floatInput, post } from '../../kit/http.ts';
import type { Reply } from '../../kit/http.ts';
import { nowMs } from '../../kit/now-ms.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { planSlice } from '../../kit/plan-slice.ts';
import { planOf } from '../../kit/plan-of.ts';
import { RouterHarness } from '../../kit/router-harness.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { buildTestZoo } from '../agents/support/test-zoo.ts';
import type { TestZoo } from '../agents/support/test-zoo.ts';

type Plan = components['schemas']['Plan'];
type Understudy = NonNullable<Plan['assignments'][number]['understudy']>;

const prefix = uniquePrefix('hedging');
const IMAGE = floatInput('image', [1, 3, 32, 32]);
/** Requests sent at once against the stopped primary in the budget cases. */
const BURST = 20;
let zoo: TestZoo;
let edgeA: AgentProcess;
let edgeB: AgentProcess;
let plans: PlanQueue;
/** Default hedging. */
let router: RouterHarness;
/** A bucket of 3 hedges and no concurrency limit to speak of. */
let tight: RouterHarness;
/** Plenty of budget, one hedge under way per app. */
let narrow: RouterHarness;
/** A hedge delay of a minute: a hedge it sends within a test was not sent for lateness. */
let patient: RouterHarness;

beforeAll(async () => {
  zoo = await buildTestZoo();
  plans = new PlanQueue({ redisUrl: TEST_REDIS_URL, prefix });
  const agent = async (nodeId: string) =>
    UnderstudyProcess.agent({
      redisUrl: TEST_REDIS_URL,
      nodeId,
      prefix,
      modelDir: await zoo.tempDir(nodeId),
      memoryMiB: 64,
    });
  [edgeA, edgeB] = await Promise.all([agent('edge-a'), agent('edge-b')]);
  [router, tight, narrow, patient] = await Promise.all([
    RouterHarness.start({ redisUrl: TEST_REDIS_URL, prefix }),
    RouterHarness.start({
      redisUrl: TEST_REDIS_URL,
      prefix,
      hedge: { budgetBurst: 3, budgetRatio: 0.1, maxConcurrentPerApp: 100 },
    }),
    RouterHarness.start({
      redisUrl: TEST_REDIS_URL,
      prefix,
      hedge: { budgetBurst: 100, maxConcurrentPerApp: 1 },
    }),
    RouterHarness.start({
      redisUrl: TEST_REDIS_URL,
      prefix,
      // Fewer samples than it would ever keep: the default delay holds throughout.
      hedge: { defaultDelayMs: 60_000, windowSamples: 1, minSamples: 2 },
    }),
  ]);
  await router.publishPlan(
    withUnderstudies(
      planOf([
        { app: 'vision', node: 'edge-a', variant: 'resnet50' },
        { app: 'archive', node: 'edge-a', variant: 'resnet50' },
      ]),
      {
        vision: { node: 'edge-b', variant: 'resnet18', mode: 'warm' },
        archive: { node: 'edge-b', variant: 'resnet18', mode: 'cold' },
      },
    ),
  );
  // The plan first, then the slices: the understudy node's `plan.applied` is what lets the
  // routers hedge to it (before that it may not hold the understudy yet).
  const primary = zoo.ref('resnet-like', 'resnet50');
  const small = zoo.ref('resnet-like', 'resnet18');
  await Promise.all([
    plans.mustApply(
      planSlice('edge-a', 1, {
        sessions: [
          { app: 'vision', role: 'primary', serving: true, model: primary },
          { app: 'archive', role: 'primary', serving: true, model: primary },
        ],
      }),
    ),
    plans.mustApply(
      planSlice('edge-b', 1, {
        sessions: [{ app: 'vision', role: 'understudy', serving: false, model: small }],
        stage: [small],
        failover: [
          {
            failedNode: 'edge-a',
            actions: [
              { app: 'vision', mode: 'warm', model: small },
              { app: 'archive', mode: 'cold', model: small },
            ],
          },
        ],
      }),
    ),
  ]);
  for (const harness of [router, tight, narrow, patient]) {
    for (const app of ['vision', 'archive']) await harness.routes.waitForChange(app, 0, 10_000);
    await waitUntil('the warm understudy as hedge target', () =>
      harness.routes.hedgeTarget('vision'),
    );
  }
}, 60_000);

afterAll(async () => {
  edgeA?.signal('SIGCONT');
  await Promise.all([edgeA?.kill(), edgeB?.kill()]);
  await Promise.all([router?.close(), tight?.close(), narrow?.close(), patient?.close()]);
  await plans?.close();
  await deletePrefix(prefix);
  await zoo?.dispose();
});

describe('InferForwarder hedging', () => {
  describe('when the primary node of an app with a warm understudy is stopped', () => {
    let delayMs = 0;
    let archiveStartMs = 0;
    let archive: Promise<Reply>;
    let before: typeof NO_HEDGES;

    beforeAll(async () => {
      // Measured answers from the live primary: the hedge delay follows their p99.
      for (let i = 0; i < 30; i++) expect((await infer(router, 'vision')).status).toBe(200);
      delayMs = router.forwarder.hedgeDelayMs('vision') ?? Infinity;
      before = await hedgeCounts(router, 'vision');
      edgeA.signal('SIGSTOP');
      archiveStartMs = nowMs();
      archive = infer(router, 'archive');
    });

    afterAll(() => edgeA.signal('SIGCONT'));

    it('measured the hedge delay from the primary’s answers', () => {
      // 30 samples ≥ minSamples (20): p99 + max(5 ms, p99 / 2), not the 50 ms default.
      expect(delayMs).toBeGreaterThanOrEqual(5);
      expect(delayMs).not.toBe(50);
    });

    it('answers from the understudy as a hedge, after the delay, with no failover', async () => {
      for (let i = 0; i < 3; i++) {
        const startMs = nowMs();
        const reply = await infer(router, 'vision');
        const elapsedMs = nowMs() - startMs;
        expect(reply.status).toBe(200);
        expect(reply.body).toMatchObject({
          node: 'edge-b',
          variant: 'resnet18',
          role: 'understudy',
        });
        expect(reply.headers.get('understudy-hedged')).toBe('understudy');
        expect(reply.headers.get('understudy-hedge')).toBe('idle-understudy');
        expect(reply.headers.get('understudy-route-retries')).toBe('0');
        // Not before the delay: it is the hedge. No controller runs here and the route still
        // names edge-a (no retries), so no failover explains the answer; how fast it comes
        // under load is bench/mttr's to measure, not a test's.
        expect(elapsedMs).toBeGreaterThanOrEqual(delayMs - 1);
      }
      const after = await hedgeCounts(router, 'vision');
      expect({
        won: after.won - before.won,
        suppressed: after.suppressed - before.suppressed,
      }).toEqual({
        won: 3,
        suppressed: 0,
      });
    });

    it('has not failed the app over: its route still names the stopped primary', () => {
      expect(router.routes.get('vision')).toMatchObject({
        state: 'serving',
        node: 'edge-a',
        role: 'primary',
      });
    });

    it('does not hedge an app whose understudy is cold: it waits for the primary', async () => {
      // Well past the 50 ms delay an archive request would be hedged after.
      await waitUntil('four hedge delays', () => nowMs() - archiveStartMs >= 200 || undefined);
      expect(await settled(archive)).toBe(false);
      edgeA.signal('SIGCONT');
      const reply = await archive;
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ node: 'edge-a', role: 'primary' });
      expect(reply.headers.get('understudy-hedged')).toBeNull();
      expect(await hedgeCounts(router, 'archive')).toEqual(NO_HEDGES);
    });
  });

  describe('when many requests meet a stopped primary at once', () => {
    let tightReplies: Promise<Reply[]>;
    let narrowReplies: Promise<Reply[]>;

    beforeAll(async () => {
      // The first requests these two routers send: a stopped process's port still accepts.
      edgeA.signal('SIGSTOP');
      tightReplies = Promise.all(Array.from({ length: BURST }, () => infer(tight, 'vision')));
      narrowReplies = Promise.all(Array.from({ length: BURST }, () => infer(narrow, 'vision')));
      // Every request is decided once it is late: hedged and won, or suppressed.
      for (const harness of [tight, narrow])
        await waitUntil('every late request decided', async () => {
          const counts = await hedgeCounts(harness, 'vision');
          return counts.won + counts.suppressed === BURST || undefined;
        });
    });

    afterAll(() => edgeA.signal('SIGCONT'));

    it('hedges no more than the budget: the bucket plus its share of the requests', async () => {
      // The bucket starts full at 3 and the 20 requests earn 0.1 each: 3 + 2 = 5 at most, and
      // at least the 3 it held (the hedges all win: the primary cannot answer).
      const counts = await hedgeCounts(tight, 'vision');
      expect(counts.won).toBeGreaterThanOrEqual(3);
      expect(counts.won).toBeLessThanOrEqual(5);
      expect(counts).toEqual({
        ...NO_HEDGES,
        won: counts.won,
        suppressed: BURST - counts.won,
        budget: BURST - counts.won,
      });
    });

    it('hedges no more at once than the cap per app', async () => {
      const counts = await hedgeCounts(narrow, 'vision');
      expect(counts.won).toBeGreaterThanOrEqual(1);
      expect(counts.concurrency).toBeGreaterThanOrEqual(1);
      expect(counts).toMatchObject({ lost: 0, budget: 0, suppressed: counts.concurrency });
    });

    it('answers the requests it did not hedge once the primary resumes', async () => {
      edgeA.signal('SIGCONT');
      for (const [harness, replies] of [
        [tight, await tightReplies],
        [narrow, await narrowReplies],
      ] as const) {
        const counts = await hedgeCounts(harness, 'vision');
        expect(replies.every((reply) => reply.status === 200)).toBe(true);
        expect(replies.filter((reply) => nodeOf(reply) === 'edge-b')).toHaveLength(counts.won);
        expect(replies.filter((reply) => nodeOf(reply) === 'edge-a')).toHaveLength(
          counts.suppressed,
        );
        for (const reply of replies)
          expect(reply.headers.get('understudy-hedged')).toBe(
            nodeOf(reply) === 'edge-b' ? 'understudy' : null,
          );
      }
    });
  });
  // Last: edge-a does not come back.
  describe('when the primary node of an app with a warm understudy is killed', () => {
    beforeAll(async () => {
      // Its kept-alive connection to edge-a is reset by the kill, then refused afresh.
      expect((await infer(patient, 'vision')).body).toMatchObject({ node: 'edge-a' });
      edgeA.signal('SIGKILL');
      await edgeA.exited;
    });

    it('hedges at once when the node refuses a fresh connection, not after the delay', async () => {
      const reply = await infer(patient, 'vision');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ node: 'edge-b', variant: 'resnet18', role: 'understudy' });
      expect(reply.headers.get('understudy-hedged')).toBe('understudy');
      // The hedge delay is a minute and the test's timeout seconds: the refusal sent it.
      expect(patient.forwarder.hedgeDelayMs('vision')).toBe(60_000);
      expect(patient.routes.get('vision')).toMatchObject({ node: 'edge-a', role: 'primary' });
      expect(await hedgeCounts(patient, 'vision')).toEqual({ ...NO_HEDGES, won: 1 });
    });
  });
});

const NO_HEDGES = {
  won: 0,
  lost: 0,
  suppressed: 0,
  budget: 0,
  concurrency: 0,
  'primary-alive': 0,
};

function infer(harness: RouterHarness, app: string): Promise<Reply> {
  return post(`${harness.url}/v1/apps/${app}/infer`, IMAGE);
}

function nodeOf(reply: Reply): unknown {
  return (reply.body as { node?: unknown }).node;
}

/** Whether a promise has settled by now (checked after one turn of the event loop). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const first = await Promise.race([
    promise.then(() => true),
    new Promise((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return first !== marker;
}

/** The harness's hedging counters for one app, read from its registry as `/metrics` would. */
async function hedgeCounts(harness: RouterHarness, app: string): Promise<typeof NO_HEDGES> {
  const counts = { ...NO_HEDGES };
  for (const [name, label] of [
    ['understudy_router_hedges_total', 'outcome'],
    ['understudy_router_hedge_suppressions_total', 'reason'],
  ] as const) {
    const metric = harness.registry.getSingleMetric(name);
    if (metric === undefined) throw new Error(`no metric ${name}`);
    for (const { labels, value } of (await metric.get()).values)
      if (labels.app === app) counts[labels[label] as keyof typeof NO_HEDGES] += value;
  }
  return counts;
}

/** The hand-made plan with understudies for the apps named. */
function withUnderstudies(plan: Plan, understudies: Record<string, Understudy>): Plan {
  return {
    ...plan,
    assignments: plan.assignments.map((assignment) => ({
      ...assignment,
      understudy: understudies[assignment.app] ?? null,
    })),
  };
}
