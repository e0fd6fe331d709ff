import { describe, expect, it } from 'vitest';
import type { ClusterEvent as Event, EventData, EventType } from '../../core/events.ts';
import { failoverData, nodeFailedData } from '../../kit/event-payloads.ts';
import type { components } from '../../openapi/types.ts';
import { failBackRows, recoveryRows, recoverySummary } from '../../demo/recovery-report.ts';
import type { ClientAnswer } from '../../kit/client-loop.ts';

type Assignment = components['schemas']['Assignment'];

const ACCURACY: Record<string, number> = { big: 0.8, small: 0.7, other: 0.75 };

function assignment(app: string, node: string, understudy: Assignment['understudy']): Assignment {
  return {
    app,
    primary: { node, variant: 'big' },
    understudy,
    expectedRecoveryMs: 40,
    expectedAccuracy: 0.8,
  };
}

const ok = (atMs: number, node: string, variant: string): ClientAnswer => ({
  sentAtMs: atMs - 1,
  atMs,
  status: 200,
  node,
  variant,
});
const failed = (atMs: number): ClientAnswer => ({ sentAtMs: atMs - 1, atMs, status: 0 });

const event = <T extends EventType>(type: T, data: EventData<T>): Event =>
  ({ id: '1-0', type, at: new Date(0).toISOString(), atMs: 0, data }) as Event;

// The kill is at 1000 ms; the node came back at 5000 ms.
const ANSWERS: Record<string, ClientAnswer[]> = {
  // Warm: answered by edge-b 30 ms after the kill; the answer at 990 is before it.
  cam: [ok(990, 'edge-a', 'big'), ok(1030, 'edge-b', 'small'), ok(1050, 'edge-b', 'small')],
  // Progressive: first step at +60 ms, the planned variant at +200 ms; one failed request.
  line: [failed(1010), ok(1060, 'edge-c', 'small'), ok(1200, 'edge-c', 'big'), failed(6000)],
  // Not on the killed node: counted in the summary's totals only.
  kiosk: [ok(1500, 'edge-c', 'other'), failed(2000)],
};

const INPUT = {
  killedNode: 'edge-a',
  killedAtMs: 1000,
  untilMs: 5000,
  assignments: [
    assignment('cam', 'edge-a', { node: 'edge-b', variant: 'small', mode: 'warm' }),
    assignment('line', 'edge-a', {
      node: 'edge-c',
      variant: 'big',
      mode: 'cold',
      firstStepVariant: 'small',
    }),
    assignment('kiosk', 'edge-c', null),
  ],
  answersOf: (app: string) => ANSWERS[app] ?? [],
  events: [
    event('node.failed', nodeFailedData({ node: 'edge-a', detectedAtMs: 1012 })),
    event(
      'failover.served',
      failoverData({ app: 'cam', node: 'edge-b', failedNode: 'edge-a', trigger: '1-0' }),
    ),
  ],
  accuracy: (_app: string, variant: string) => ACCURACY[variant] ?? null,
};

describe('recoveryRows', () => {
  const rows = recoveryRows(INPUT);

  it('lists the apps of the killed node only', () => {
    expect(rows.map((row) => row.app)).toEqual(['cam', 'line']);
  });

  it('measures recovery from the kill to the first answer from another node', () => {
    expect(rows[0]).toMatchObject({
      understudyNode: 'edge-b',
      firstVariant: 'small',
      mode: 'warm',
      recoveryMs: 30,
      upgradedMs: null,
      accuracyBefore: 0.8,
      accuracyAfter: 0.7,
      requests: 2,
      failedRequests: 0,
    });
  });

  it('shows a progressive upgrade, and counts failures between the kill and the restart', () => {
    expect(rows[1]).toMatchObject({
      understudyNode: 'edge-c',
      firstVariant: 'small',
      lastVariant: 'big',
      mode: 'progressive', // from the plan: no failover.served event for it
      recoveryMs: 60,
      upgradedMs: 200,
      accuracyAfter: 0.7,
      accuracyAtEnd: 0.8,
      requests: 3,
      failedRequests: 1,
    });
  });
});

describe('recoverySummary', () => {
  it('sums up detection, recovery and every app’s failures in the window', () => {
    const summary = recoverySummary(recoveryRows(INPUT), INPUT, ['cam', 'line', 'kiosk']);
    expect(summary).toEqual({
      detectionMs: 12,
      detectionCause: 'process-exited',
      meanRecoveryMs: 45, // (30 + 60) / 2
      maxRecoveryMs: 60,
      recoveredApps: 2,
      affectedApps: 2,
      failedRequests: 2, // line at 1010, kiosk at 2000; line at 6000 is after the restart
      requests: 7,
    });
  });
});

describe('failBackRows', () => {
  it('shows who answered last since the restart against the planned primary', () => {
    const rows = failBackRows({
      apps: INPUT.assignments.slice(0, 2),
      planned: [assignment('cam', 'edge-a', null)],
      sinceMs: 1040,
      answersOf: INPUT.answersOf,
      accuracy: INPUT.accuracy,
    });
    expect(rows).toEqual([
      {
        app: 'cam',
        plannedNode: 'edge-a',
        plannedVariant: 'big',
        node: 'edge-b',
        variant: 'small',
        accuracy: 0.7,
        fullAccuracy: 0.8,
        requests: 1,
        failedRequests: 0,
      },
      {
        app: 'line',
        plannedNode: null,
        plannedVariant: null,
        node: 'edge-c',
        variant: 'big',
        accuracy: 0.8,
        fullAccuracy: 0.8,
        requests: 3,
        failedRequests: 1,
      },
    ]);
  });
});
