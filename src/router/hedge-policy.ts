/**
 * When the router hedges, as numbers: how late a request to an application's serving node
 * must be before the same request also goes to the application's warm understudy, and how
 * many such hedges may be under way. The hedge delay follows the app's own measured tail
 * (Dean and Barroso, "The Tail at Scale", CACM 2013: send a second copy once the first is
 * later than the p95–p99 of its class), so a healthy primary is rarely doubled and a silent
 * one costs its clients about one delay instead of the failure-detection time.
 */

/** Options for hedged routing; every field optional, defaults below. */
export interface HedgeOptions {
  /** Hedge at all. Default true. */
  enabled?: boolean;
  /** How many recent successful primary answers the latency tracker keeps, per app. Default 200. */
  windowSamples?: number;
  /** Samples needed before the measured p99 is trusted; below it `defaultDelayMs` holds. Default 20. */
  minSamples?: number;
  /** The hedge delay until `minSamples` answers were measured, in ms. Default 50. */
  defaultDelayMs?: number;
  /** The least margin over the p99, in ms. Default 5. */
  minMarginMs?: number;
  /** The margin over the p99 as a fraction of it. Default 0.5 (delay = p99 + max(5 ms, p99/2)). */
  marginRatio?: number;
  /**
   * Hedges earned per request to the app (a token bucket refilled by requests, not time): over
   * any stretch of requests, hedges ≤ `budgetBurst` + this × requests. Default 0.1.
   */
  budgetRatio?: number;
  /** Hedges the bucket holds (and starts with), per app. Default 10. */
  budgetBurst?: number;
  /** Hedges of one app under way at once. Default 4. */
  maxConcurrentPerApp?: number;
  /** Hedges under way at once to one understudy node, all apps together. Default 16. */
  maxConcurrentPerNode?: number;
}

/** {@link HedgeOptions} with every default filled in and checked. */
export type HedgePolicy = Required<HedgeOptions>;

export const HEDGE_DEFAULTS: HedgePolicy = {
  enabled: true,
  windowSamples: 200,
  minSamples: 20,
  defaultDelayMs: 50,
  minMarginMs: 5,
  marginRatio: 0.5,
  budgetRatio: 0.1,
  budgetBurst: 10,
  maxConcurrentPerApp: 4,
  maxConcurrentPerNode: 16,
};

/** Fills in the defaults; throws a RangeError naming every field out of range. */
export function hedgePolicyOf(options: HedgeOptions = {}): HedgePolicy {
  const policy: HedgePolicy = { ...HEDGE_DEFAULTS };
  for (const [key, value] of Object.entries(options) as Array<[keyof HedgePolicy, unknown]>)
    if (value !== undefined) (policy as Record<keyof HedgePolicy, unknown>)[key] = value;
  const wrong: string[] = [];
  const wholeAtLeast = (key: keyof HedgePolicy, min: number) => {
    const value = policy[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
      wrong.push(`${key} must be a whole number ≥ ${min}, got ${String(value)}`);
  };
  const atLeast = (key: keyof HedgePolicy, min: number, max = Infinity) => {
    const value = policy[key];
    if (typeof value !== 'number' || !(value >= min && value <= max))
      wrong.push(`${key} must be a number in [${min}, ${max}], got ${String(value)}`);
  };
  wholeAtLeast('windowSamples', 1);
  wholeAtLeast('minSamples', 1);
  atLeast('defaultDelayMs', 0);
  atLeast('minMarginMs', 0);
  atLeast('marginRatio', 0);
  atLeast('budgetRatio', 0, 1);
  atLeast('budgetBurst', 1);
  wholeAtLeast('maxConcurrentPerApp', 1);
  wholeAtLeast('maxConcurrentPerNode', 1);
  if (typeof policy.enabled !== 'boolean') wrong.push('enabled must be true or false');
  if (wrong.length > 0) throw new RangeError(`hedge options: ${wrong.join('; ')}`);
  return policy;
}

/**
 * How long a request waits for the primary before it is hedged, in ms: p99 + max(minMargin,
 * marginRatio × p99) once `minSamples` answers were measured, `defaultDelayMs` before;
 * rounded up to a whole ms (Node keeps one timer list per distinct duration, so a fractional
 * delay that drifts with every sample would cost a new list per request).
 */
export function hedgeDelayMs(
  measured: { count: number; p99Ms: number | undefined },
  policy: Pick<HedgePolicy, 'minSamples' | 'defaultDelayMs' | 'minMarginMs' | 'marginRatio'>,
): number {
  const { count, p99Ms } = measured;
  if (p99Ms === undefined || count < policy.minSamples) return Math.ceil(policy.defaultDelayMs);
  return Math.ceil(p99Ms + Math.max(policy.minMarginMs, policy.marginRatio * p99Ms));
}
