import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { HedgeRefusal } from './hedge-budget.ts';

/**
 * `won`: the understudy's answer went to the client; `lost`: the primary's did (or neither
 * answered and the request went on as without a hedge); `suppressed`: the request was late
 * enough but no hedge was sent.
 */
export type HedgeOutcome = 'won' | 'lost' | 'suppressed';

/** Why a late request was not hedged: the budget, or its primary node is evidently alive. */
export type SuppressReason = HedgeRefusal | 'primary-alive';

/** The router's hedging counters, on the planner's registry (`GET /metrics`). */
export class HedgeMetrics {
  private readonly hedges: Counter<'app' | 'outcome'>;
  private readonly suppressions: Counter<'app' | 'reason'>;

  /** Without a registry the counters are kept but exposed nowhere (tests read them). */
  constructor(registry?: Registry) {
    const registers = registry === undefined ? [] : [registry];
    this.hedges = new Counter({
      name: 'understudy_router_hedges_total',
      help: 'Late inference requests the router hedged to a warm understudy, by app and outcome (won, lost, suppressed).',
      labelNames: ['app', 'outcome'],
      registers,
    });
    this.suppressions = new Counter({
      name: 'understudy_router_hedge_suppressions_total',
      help: 'Late inference requests not hedged, by app and reason (budget, concurrency, primary-alive).',
      labelNames: ['app', 'reason'],
      registers,
    });
  }

  count(app: string, outcome: Exclude<HedgeOutcome, 'suppressed'>): void {
    this.hedges.inc({ app, outcome });
  }

  suppressed(app: string, reason: SuppressReason): void {
    this.hedges.inc({ app, outcome: 'suppressed' });
    this.suppressions.inc({ app, reason });
  }
}
