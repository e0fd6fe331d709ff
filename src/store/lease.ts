import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Keys } from '../../core/keys.ts';
import { withStore } from '../../core/unavailable.ts';

const RENEW = readFileSync(new URL('./lua/renew-lease.lua', import.meta.url), 'utf8');
const RELEASE = readFileSync(new URL('./lua/release-lease.lua', import.meta.url), 'utf8');

/**
 * The controller's leadership lease: a Redis key holding the leader's id with an expiry
 * (the single-instance lock of the Redis documentation, "SET resource value NX PX ttl").
 * Whoever holds it acts; the others stand by and try again. Actions stay safe without a
 * perfect lock because every state change they make is itself compare-and-set.
 */
export class Lease {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  /** Takes the lease if nobody holds it; true when `holder` now holds it. */
  async acquire(holder: string, ttlMs: number): Promise<boolean> {
    const reply = await withStore(() =>
      this.redis.set(this.keys.leaderLease(), holder, 'PX', ttlMs, 'NX'),
    );
    return reply === 'OK';
  }

  /** Extends the lease if `holder` still holds it; false means leadership is lost. */
  async renew(holder: string, ttlMs: number): Promise<boolean> {
    const reply = await withStore(() =>
      this.redis.eval(RENEW, 1, this.keys.leaderLease(), holder, String(ttlMs)),
    );
    return reply === 1;
  }

  async release(holder: string): Promise<void> {
    await withStore(() => this.redis.eval(RELEASE, 1, this.keys.leaderLease(), holder));
  }

  /** The current holder, if any. */
  async holder(): Promise<string | undefined> {
    return (await withStore(() => this.redis.get(this.keys.leaderLease()))) ?? undefined;
  }
}
