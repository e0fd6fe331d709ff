import type { Redis } from 'ioredis';
import type { components } from '../../openapi/types.ts';
import type { Keys } from '../../core/keys.ts';
import { withStore } from '../../core/unavailable.ts';

type Plan = components['schemas']['Plan'];
type PlanSummary = components['schemas']['PlanSummary'];

/** Published plans, each an immutable version; the newest is the current plan. */
export class PlanStore {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  /** Stores the plan as the next version and returns it with that version set. */
  async publish(plan: Plan): Promise<Plan> {
    const version = await withStore(() => this.redis.incr(this.keys.planVersion()));
    const published = { ...plan, version };
    await withStore(() =>
      this.redis
        .multi()
        .set(this.keys.plan(version), JSON.stringify(published))
        .zadd(this.keys.plans(), version, String(version))
        .exec(),
    );
    return published;
  }

  async get(version: number): Promise<Plan | undefined> {
    const json = await withStore(() => this.redis.get(this.keys.plan(version)));
    return json === null ? undefined : (JSON.parse(json) as Plan);
  }

  async current(): Promise<Plan | undefined> {
    const [newest] = await withStore(() => this.redis.zrevrange(this.keys.plans(), 0, 0));
    return newest === undefined ? undefined : this.get(Number(newest));
  }

  /** Summaries of the newest `limit` plans, newest first. */
  async list(limit: number): Promise<PlanSummary[]> {
    const versions = await withStore(() => this.redis.zrevrange(this.keys.plans(), 0, limit - 1));
    const plans = await Promise.all(versions.map((version) => this.get(Number(version))));
    return plans.filter((plan): plan is Plan => plan !== undefined).map(summarise);
  }
}

function summarise(plan: Plan): PlanSummary {
  return {
    version: plan.version,
    createdAt: plan.createdAt,
    inputsDigest: plan.inputsDigest,
    protectedApps: plan.assignments.filter((assignment) => assignment.understudy !== null).length,
    unprotectedApps: plan.unprotected.length,
    objective: plan.solver.objective,
  };
}
