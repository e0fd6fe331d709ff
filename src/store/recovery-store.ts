import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.ts';
import { withStore } from '../../core/unavailable.ts';

/** How long a once-only marker (a re-plan done, a recovery recorded) is kept, in ms. */
export const ONCE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * An application served by the understudy that took over when its primary's node failed.
 * Until that node is back, the planner keeps the application where it is (as its primary,
 * at this variant) instead of moving it again; the fail-back plan returns it to its own
 * primary variant.
 */
export interface StandIn {
  node: string;
  /** The variant the understudy serves once any progressive upgrade is done. */
  variant: string;
  failedNode: string;
  sinceMs: number;
}

/**
 * A variant a node could not load (`model.failed`) or that could not be loaded or answer as an
 * understudy (`failover.failed`), for a fault of its file (not the node's: a read that failed,
 * a full memory budget), with the registration it failed under: it holds while the variant's
 * file (location and SHA-256) is the same, and is planned around on every node meanwhile.
 */
export interface LoadFailure {
  node: string;
  family: string;
  variant: string;
  code: string;
  message: string;
  atMs: number;
  location: string;
  sha256?: string;
}

/** Whether `failure` still applies to the variant as it is registered now. */
export function stillFails(
  failure: LoadFailure,
  variant: { location: string; sha256?: string },
): boolean {
  return failure.location === variant.location && failure.sha256 === variant.sha256;
}

/** What the controller keeps between a failure and the end of fail-back, and load failures. */
export class RecoveryStore {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  /** Records `failure`; false when the node had already failed this file of the variant. */
  async recordLoadFailure(failure: LoadFailure): Promise<boolean> {
    const field = `${failure.family}/${failure.variant}/${failure.node}`;
    const before = await withStore(() => this.redis.hget(this.keys.loadFailures(), field));
    if (before !== null && stillFails(JSON.parse(before) as LoadFailure, failure)) return false;
    await withStore(() =>
      this.redis.hset(this.keys.loadFailures(), field, JSON.stringify(failure)),
    );
    return true;
  }

  async loadFailures(): Promise<LoadFailure[]> {
    const entries = await withStore(() => this.redis.hgetall(this.keys.loadFailures()));
    return Object.values(entries).map((json) => JSON.parse(json) as LoadFailure);
  }

  async setStandIn(app: string, standIn: StandIn): Promise<void> {
    await withStore(() => this.redis.hset(this.keys.standIns(), app, JSON.stringify(standIn)));
  }

  async standIns(): Promise<Map<string, StandIn>> {
    const entries = await withStore(() => this.redis.hgetall(this.keys.standIns()));
    return new Map(
      Object.entries(entries).map(([app, json]) => [app, JSON.parse(json) as StandIn]),
    );
  }

  /** Forgets the stand-ins of a node that is back; returns the apps they served. */
  async clearStandIns(failedNode: string): Promise<string[]> {
    const apps = [...(await this.standIns())]
      .filter(([, standIn]) => standIn.failedNode === failedNode)
      .map(([app]) => app);
    if (apps.length > 0) await withStore(() => this.redis.hdel(this.keys.standIns(), ...apps));
    return apps;
  }

  /** True once the re-plan answering `trigger` (an event's cursor) was published. */
  async replanDone(trigger: string): Promise<boolean> {
    return (await withStore(() => this.redis.exists(this.keys.once(`replan:${trigger}`)))) === 1;
  }

  async markReplanDone(trigger: string, planVersion: number): Promise<void> {
    await withStore(() =>
      this.redis.set(this.keys.once(`replan:${trigger}`), String(planVersion), 'PX', ONCE_TTL_MS),
    );
  }
}
