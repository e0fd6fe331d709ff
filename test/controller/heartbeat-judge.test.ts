import { describe, expect, it } from 'vitest';
import { judgeHeartbeat } from '../../src/controller/heartbeat-judge.ts';

const thresholds = { defaultTimeoutMs: 300, deadAfterTimeouts: 3 };
const NOW = 10_000;

describe('judgeHeartbeat', () => {
  it.each([
    { name: 'a node never heard from', given: undefined, want: 'never' },
    { name: 'a beat within its timeout', given: { lastHeartbeatMs: NOW - 250 }, want: 'fresh' },
    // 300 ms default timeout: 301 ms is one timeout late, 900 ms is still not three.
    { name: 'a beat just past its timeout', given: { lastHeartbeatMs: NOW - 301 }, want: 'late' },
    {
      name: 'a beat exactly three timeouts old',
      given: { lastHeartbeatMs: NOW - 900 },
      want: 'late',
    },
    { name: 'a beat past three timeouts', given: { lastHeartbeatMs: NOW - 901 }, want: 'dead' },
    // The agent's own timeout (100 ms) wins over the default: 250 ms is 2.5 of them.
    {
      name: "the agent's published timeout",
      given: { lastHeartbeatMs: NOW - 250, heartbeatTimeoutMs: 100 },
      want: 'late',
    },
    {
      name: "past three of the agent's timeouts",
      given: { lastHeartbeatMs: NOW - 301, heartbeatTimeoutMs: 100 },
      want: 'dead',
    },
  ])('judges $name as $want', ({ given, want }) => {
    expect(judgeHeartbeat(given, NOW, thresholds)).toBe(want);
  });
});
