import type { Redis } from 'ioredis';
import type { components } from '../../openapi/types.ts';
import type { Keys } from '../../core/keys.ts';
import { withStore } from '../../core/unavailable.ts';

type Solve = components['schemas']['Solve'];

/** How long a finished solve can still be looked up, in seconds. */
const SOLVE_TTL_SECONDS = 24 * 3600;

/** The state of solves started through the API, so any planner replica can answer for them. */
export class SolveStore {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  async save(solve: Solve): Promise<void> {
    await withStore(() =>
      this.redis.set(this.keys.solve(solve.id), JSON.stringify(solve), 'EX', SOLVE_TTL_SECONDS),
    );
  }

  async get(solveId: string): Promise<Solve | undefined> {
    const json = await withStore(() => this.redis.get(this.keys.solve(solveId)));
    return json === null ? undefined : (JSON.parse(json) as Solve);
  }
}
