/**
 * The recovery tracker against a real Redis, fed the events agents and the controller append;
 * the solve coordinator is replaced by a recorder of what it is asked (the planner's own
 * component, not Redis, BullMQ or onnxruntime).
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../core/event-log.ts';
import type { components } from '../../openapi/types.ts';
import { RecoveryTracker } from '../../src/controller/recovery-tracker.ts';
import type { SolveCause } from '../../src/plans/solve-coordinator.ts';
import { createStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';
import { planOf } from '../../kit/plan-of.ts';
import { waitForEvent, waitUntil } from '../../kit/wait-until.ts';
import type { EventOf, EventType } from '../../core/events.ts';
import { failoverData, nodeRecoveredData, planPublishedData } from '../../kit/event-payloads.ts';

type Schemas = components['schemas'];

const prefix = uniquePrefix('tracker');
const redis = new Redis(TEST_REDIS_URL);
const store: Store = createStore({ redis, prefix });
const logger = pino({ level: 'silent' });

/** Stands in for the SolveCoordinator: records each re-plan and "publishes" it. */
class SolveRecorder {
  readonly causes: SolveCause[] = [];
  async solve(_request: unknown, cause: SolveCause): Promise<Schemas['Solve']> {
    this.causes.push(cause);
    await store.events.append(
      'plan.published',
      planPublishedData({ version: this.causes.length + 1, ...cause }),
    );
    return {
      id: `solve-${this.causes.length}`,
      status: 'published',
      createdAt: new Date().toISOString(),
      planVersion: this.causes.length + 1,
    };
  }
}

/** The event log a tracker reads, telling the test each time a read (a poll) begins. */
class ObservedEventLog extends EventLog {
  readonly reads = new EventEmitter();

  override read(options: Parameters<EventLog['read']>[0]): ReturnType<EventLog['read']> {
    this.reads.emit('read');
    return super.read(options);
  }
}

interface Tracked {
  tracker: RecoveryTracker;
  /**
   * Resolves once the tracker has acted on every event appended before the call: a poll that
   * began after it has ended (the next one has begun), and the re-plans it queued are done.
   * Each poll here reads one page, the stream being shorter than a page.
   */
  caughtUp(): Promise<void>;
}

function tracked(solves: SolveRecorder): Tracked {
  const events = new ObservedEventLog({ redis, keys: store.keys });
  const tracker = new RecoveryTracker({
    store: { ...store, events },
    solves,
    logger,
    pollIntervalMs: 10,
  });
  return {
    tracker,
    caughtUp: async () => {
      await waitForEvent(events.reads, 'read', 'a poll of the recovery tracker');
      await waitForEvent(events.reads, 'read', 'the poll after it');
      await tracker.idle();
    },
  };
}

/** cam-1 and cam-2 on node a, their cold understudies on b and c. */
function plan(): Schemas['Plan'] {
  const understudies: Record<string, string> = { 'cam-1': 'b', 'cam-2': 'c' };
  const primaries = Object.keys(understudies).map((app) => ({ app, node: 'a', variant: 'large' }));
  const base = planOf(primaries);
  return {
    ...base,
    assignments: base.assignments.map((assignment) => ({
      ...assignment,
      understudy: { node: understudies[assignment.app] ?? '', variant: 'large', mode: 'cold' },
    })),
  };
}

async function eventsOf<T extends EventType>(type: T): Promise<Array<EventOf<T>>> {
  return (await store.events.read({ limit: 1000 })).items.filter(
    (event): event is EventOf<T> => event.type === type,
  );
}

/** The fault's instant: the tracker re-plans anyway once understudies take over 10 s to settle. */
const t0 = Date.now();
let version = 0;
beforeAll(async () => {
  version = (await store.plans.publish(plan())).version;
});
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

describe('the recovery tracker', () => {
  const first = new SolveRecorder();
  const leader = tracked(first);
  let failure = '';

  beforeAll(async () => {
    leader.tracker.start();
    failure = await store.events.append('node.failed', {
      node: 'a',
      planVersion: version,
      cause: 'process-exited',
      droppedAtMs: t0,
      detectedAtMs: t0 + 10,
      epoch: 1,
    });
    const failover = {
      failedNode: 'a',
      trigger: failure,
      mode: 'cold' as const,
      plannedVariant: 'large',
    };
    await store.events.append(
      'failover.served',
      failoverData({ ...failover, app: 'cam-1', node: 'b', variant: 'large', step: 'planned' }),
      t0 + 40,
    );
    await store.events.append(
      'failover.served',
      failoverData({ ...failover, app: 'cam-2', node: 'c', variant: 'small', step: 'first-step' }),
      t0 + 30,
    );
  });

  afterAll(() => leader.tracker.stop());

  it('records one recovery per app, timed from the fault', async () => {
    const recovered = await waitUntil('two recoveries', async () => {
      const events = await eventsOf('app.recovered');
      return events.length === 2 ? events : undefined;
    });
    expect(recovered.map((event) => [event.data.app, event.data.recoveryMs])).toEqual([
      ['cam-1', 40],
      ['cam-2', 30],
    ]);
    expect(recovered[0]?.data).toMatchObject({ detectionMs: 10, trigger: failure, node: 'b' });
  });

  it('waits for a progressive understudy to swap in its planned variant before re-planning', async () => {
    await leader.caughtUp();
    expect(first.causes).toEqual([]);
    await store.events.append(
      'failover.upgraded',
      {
        ...failoverData({ failedNode: 'a', trigger: failure, app: 'cam-2', node: 'c' }),
        mode: 'cold',
        variant: 'large',
        plannedVariant: 'large',
        step: 'upgrade',
        from: 'small',
      },
      t0 + 100,
    );
    await waitUntil('the re-plan', async () => (first.causes.length > 0 ? true : undefined));
    expect(first.causes).toEqual([{ reason: 'failover', node: 'a', trigger: failure }]);
    const standIns = await store.recovery.standIns();
    expect(Object.fromEntries(standIns)).toEqual({
      'cam-1': { node: 'b', variant: 'large', failedNode: 'a', sinceMs: t0 + 40 },
      'cam-2': { node: 'c', variant: 'large', failedNode: 'a', sinceMs: t0 + 100 },
    });
  });

  it('fails back once the node is re-admitted, releasing its stand-ins first', async () => {
    const readmitted = await store.events.append(
      'node.recovered',
      nodeRecoveredData({ node: 'a' }),
    );
    await waitUntil('the fail-back', async () => (first.causes.length > 1 ? true : undefined));
    expect(first.causes[1]).toEqual({ reason: 'fail-back', node: 'a', trigger: readmitted });
    expect((await store.recovery.standIns()).size).toBe(0);
  });

  it('does nothing twice when a new leader replays the same events', async () => {
    leader.tracker.stop();
    const second = new SolveRecorder();
    const successor = tracked(second);
    successor.tracker.start();
    await successor.caughtUp();
    successor.tracker.stop();
    await successor.tracker.idle();
    expect(second.causes).toEqual([]);
    expect(await eventsOf('app.recovered')).toHaveLength(2);
    expect((await store.recovery.standIns()).size).toBe(0);
  });
});

describe('the recovery tracker, when a node cannot load a variant', () => {
  const solves = new SolveRecorder();
  const leader = tracked(solves);
  const failed = (code: string) =>
    store.events.append('model.failed', {
      node: 'b',
      atMs: Date.now(),
      planVersion: version,
      app: 'cam-1',
      family: 'fam',
      variant: 'large',
      code,
      message: `${code} for the test`,
    });

  beforeAll(async () => {
    await store.state.putFamily(
      'fam',
      {
        task: 'classification',
        variants: [
          {
            id: 'large',
            location: '/models/large.onnx',
            accuracy: 0.8,
            memoryMiB: 10,
            loadMs: 5,
            latencyMs: { p50: 1, p99: 2 },
          },
        ],
      },
      {},
    );
    leader.tracker.start();
    await leader.caughtUp();
  });

  afterAll(() => leader.tracker.stop());

  it('leaves a file the node could not read to the node: no record, no re-plan', async () => {
    await failed('MODEL_UNAVAILABLE');
    await leader.caughtUp();
    expect(await store.recovery.loadFailures()).toEqual([]);
    expect(solves.causes).toEqual([]);
  });

  it('records a file that is not a usable model and re-plans around it, once', async () => {
    const trigger = await failed('MODEL_INVALID');
    await leader.caughtUp();
    expect(await store.recovery.loadFailures()).toMatchObject([
      {
        node: 'b',
        family: 'fam',
        variant: 'large',
        code: 'MODEL_INVALID',
        location: '/models/large.onnx',
      },
    ]);
    expect(solves.causes).toEqual([{ reason: 'load-failure', node: 'b', trigger }]);
    await failed('MODEL_INVALID');
    await leader.caughtUp();
    expect(solves.causes).toHaveLength(1);
  });
});
