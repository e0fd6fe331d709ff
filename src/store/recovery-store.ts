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

/** What the controller keeps between a failure and the end of fail-back. */
export class RecoveryStore {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
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
