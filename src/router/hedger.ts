/**
 * The router's hedging state and decisions: each app's recent primary latencies (so its
 * hedge delay follows its own p99), the budget, when each node last answered anything, and
 * the counters. The forwarder asks it how long a request may take before it is hedged and,
 * once that is up, whether the hedge may go. Nothing here does I/O.
 */
import { HedgeBudget } from './hedge-budget.ts';
import type { HedgeMetrics } from './hedge-metrics.ts';
import { hedgeDelayMs } from './hedge-policy.ts';
import type { HedgePolicy } from './hedge-policy.ts';
import { LatencyTracker } from './latency-tracker.ts';

export interface HedgerOptions {
  policy: HedgePolicy;
  metrics: HedgeMetrics;
  /** A monotonic clock, in ms. Default `performance.now`. */
  nowMs?: () => number;
}

export class Hedger {
  readonly nowMs: () => number;
  private readonly policy: HedgePolicy;
  private readonly metrics: HedgeMetrics;
  private readonly budget: HedgeBudget;
  private readonly latencies = new Map<string, LatencyTracker>();
  private readonly answeredAtMs = new Map<string, number>();

  constructor(options: HedgerOptions) {
    this.policy = options.policy;
    this.metrics = options.metrics;
    this.nowMs = options.nowMs ?? (() => performance.now());
    this.budget = new HedgeBudget(options.policy);
  }

  /** How long a request to `app` may take before it is hedged now, in ms. */
  delayMs(app: string): number {
    const tracker = this.latencies.get(app);
    return hedgeDelayMs(
      { count: tracker?.count ?? 0, p99Ms: tracker?.percentile(99) },
      this.policy,
    );
  }

  /** A request to `app` goes out (one that could be hedged): it earns its share of budget. */
  requested(app: string): void {
    this.budget.credit(app);
  }

  /** `node` answered something (any status): it is alive. */
  answered(node: string): void {
    this.answeredAtMs.set(node, this.nowMs());
  }

  /** A successful answer of `app`'s primary took `latencyMs`. */
  recordPrimary(app: string, latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) return;
    let tracker = this.latencies.get(app);
    if (tracker === undefined) {
      tracker = new LatencyTracker(this.policy.windowSamples);
      this.latencies.set(app, tracker);
    }
    tracker.record(latencyMs);
  }

  /**
   * Whether a request of `app` sent at `sentAtMs` to `primaryNode`, late now, may be hedged to
   * `understudyNode`. Not when the primary node answered anything since the request went out
   * (it is alive: the request is just slow, and a copy would only add load), nor over budget.
   * Counts a refusal as suppressed; a grant must be given back with `release`.
   */
  admit(app: string, primaryNode: string, understudyNode: string, sentAtMs: number): boolean {
    if ((this.answeredAtMs.get(primaryNode) ?? -Infinity) > sentAtMs) {
      this.metrics.suppressed(app, 'primary-alive');
      return false;
    }
    const grant = this.budget.take(app, understudyNode);
    if (!grant.ok) this.metrics.suppressed(app, grant.reason);
    return grant.ok;
  }

  /** Gives back a hedge `admit` granted, once it came back or was aborted. */
  release(app: string, understudyNode: string): void {
    this.budget.release(app, understudyNode);
  }

  /** A hedge was sent: whether its answer went to the client. */
  settled(app: string, won: boolean): void {
    this.metrics.count(app, won ? 'won' : 'lost');
  }
}
