/**
 * The router's hedging state and decisions: each app's recent primary latencies (so its
 * hedge delay follows its own p99), the budget, when each node last answered anything, and
 * the counters. The forwarder asks it how long a request may take before it is hedged and,
 * once that is up, whether the hedge may go. Nothing here does I/O.
 */
import { HedgeBudget } from './hedge-budget.ts';
import type { HedgeMetrics, SuppressReason } from './hedge-metrics.ts';
import { hedgeDelayMs } from './hedge-policy.ts';
import type { HedgePolicy } from './hedge-policy.ts';
import { LatencyTracker } from './latency-tracker.ts';

/** A hedge granted, or why not (and, if it may be granted later, when to ask again). */
export type Admission = { ok: true } | { ok: false; reason: SuppressReason; retryInMs?: number };

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
   * `understudyNode`. Not while the primary node shows it is alive — it answered something
   * since the request went out and within the last half hedge delay (the request is just slow,
   * and a copy would only add load); then `retryInMs` says when that evidence will have gone
   * stale, for a node that fell silent right after its last answer. Unless the primary copy
   * already failed (`primaryFailed`: its node refused it), which no answer outweighs. Nor
   * over budget. A grant must be given back with `release`; a request finally not hedged is
   * counted with `suppressed`.
   */
  admit(
    app: string,
    primaryNode: string,
    understudyNode: string,
    sentAtMs: number,
    primaryFailed = false,
  ): Admission {
    const now = this.nowMs();
    const answeredAtMs = this.answeredAtMs.get(primaryNode) ?? -Infinity;
    const quietMs = Math.max(1, this.delayMs(app) / 2);
    if (!primaryFailed && answeredAtMs > sentAtMs && answeredAtMs > now - quietMs)
      return {
        ok: false,
        reason: 'primary-alive',
        retryInMs: Math.max(1, Math.ceil(answeredAtMs + quietMs - now)),
      };
    const grant = this.budget.take(app, understudyNode);
    return grant.ok ? grant : { ok: false, reason: grant.reason };
  }

  /** A late request of `app` went without a hedge, for `reason`. */
  suppressed(app: string, reason: SuppressReason): void {
    this.metrics.suppressed(app, reason);
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
