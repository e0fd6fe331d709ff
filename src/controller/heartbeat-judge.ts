import type { Liveness } from '../store/index.ts';

/** What a node's heartbeats say right now. */
export type HeartbeatVerdict = 'never' | 'fresh' | 'late' | 'dead';

/** Thresholds of {@link judgeHeartbeat}. */
export interface HeartbeatThresholds {
  /** Used when the agent published no timeout of its own, in ms. */
  defaultTimeoutMs: number;
  /** `dead` after this many timeouts without a heartbeat. */
  deadAfterTimeouts: number;
}

/**
 * Judges a node by the age of its last heartbeat against the timeout its agent publishes
 * (its interval plus the jitter it measured): `late` past one timeout (suspect it), `dead`
 * past `deadAfterTimeouts` of them (fail it over). Heartbeats are the slow path: they catch
 * stopped processes and network cuts that close no connection.
 */
export function judgeHeartbeat(
  liveness: Liveness | undefined,
  nowMs: number,
  thresholds: HeartbeatThresholds,
): HeartbeatVerdict {
  if (liveness?.lastHeartbeatMs === undefined) return 'never';
  const timeoutMs = liveness.heartbeatTimeoutMs ?? thresholds.defaultTimeoutMs;
  const ageMs = nowMs - liveness.lastHeartbeatMs;
  if (ageMs > timeoutMs * thresholds.deadAfterTimeouts) return 'dead';
  if (ageMs > timeoutMs) return 'late';
  return 'fresh';
}
