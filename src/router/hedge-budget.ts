/**
 * How many hedges the router may send, so that hedging never doubles anyone's load: a token
 * bucket per application refilled by its requests (each one earns `budgetRatio` of a hedge,
 * up to `budgetBurst`; a hedge spends one), and caps on hedges under way per application and
 * per understudy node. Counted in requests, not time, so it needs no clock: over any run of
 * n requests to an app, at most `budgetBurst + budgetRatio × n` of them are hedged. Pure.
 */
import type { HedgePolicy } from './hedge-policy.ts';

/** Why a hedge was not sent: the app's bucket is empty, or too many are under way. */
export type HedgeRefusal = 'budget' | 'concurrency';

export type HedgeGrant = { ok: true } | { ok: false; reason: HedgeRefusal };

type BudgetPolicy = Pick<
  HedgePolicy,
  'budgetRatio' | 'budgetBurst' | 'maxConcurrentPerApp' | 'maxConcurrentPerNode'
>;

interface AppBudget {
  /** Whole hedges × {@link UNIT}: integers, so ten tenths make exactly one. */
  units: number;
  inFlight: number;
}

/** Tokens are counted in millionths of a hedge. */
const UNIT = 1_000_000;

export class HedgeBudget {
  private readonly apps = new Map<string, AppBudget>();
  private readonly nodes = new Map<string, number>();

  private readonly creditUnits: number;
  private readonly burstUnits: number;

  constructor(private readonly policy: BudgetPolicy) {
    this.creditUnits = Math.round(policy.budgetRatio * UNIT);
    this.burstUnits = Math.round(policy.budgetBurst * UNIT);
  }

  /** One request to `app` (hedged or not): it earns `budgetRatio` of a hedge. */
  credit(app: string): void {
    const budget = this.budgetOf(app);
    budget.units = Math.min(this.burstUnits, budget.units + this.creditUnits);
  }

  /**
   * Takes one hedge of `app` to `node`, or says why not (concurrency is checked first, so a
   * refusal for it spends no token). Every granted hedge must be given back with `release`.
   */
  take(app: string, node: string): HedgeGrant {
    const budget = this.budgetOf(app);
    const onNode = this.nodes.get(node) ?? 0;
    if (budget.inFlight >= this.policy.maxConcurrentPerApp) return refused('concurrency');
    if (onNode >= this.policy.maxConcurrentPerNode) return refused('concurrency');
    if (budget.units < UNIT) return refused('budget');
    budget.units -= UNIT;
    budget.inFlight += 1;
    this.nodes.set(node, onNode + 1);
    return { ok: true };
  }

  /** Gives back a hedge `take` granted, once it is answered or aborted. */
  release(app: string, node: string): void {
    const budget = this.budgetOf(app);
    budget.inFlight = Math.max(0, budget.inFlight - 1);
    const onNode = (this.nodes.get(node) ?? 0) - 1;
    if (onNode > 0) this.nodes.set(node, onNode);
    else this.nodes.delete(node);
  }

  /** The hedges `app` may still send (a fraction while it refills). */
  tokensOf(app: string): number {
    return (this.apps.get(app)?.units ?? this.burstUnits) / UNIT;
  }

  /** Hedges under way: of one app, or to one understudy node. */
  inFlight(of: { app: string } | { node: string }): number {
    if ('app' in of) return this.apps.get(of.app)?.inFlight ?? 0;
    return this.nodes.get(of.node) ?? 0;
  }

  /** A new app starts with a full bucket: the first silence of its primary is hedged at once. */
  private budgetOf(app: string): AppBudget {
    let budget = this.apps.get(app);
    if (budget === undefined) {
      budget = { units: this.burstUnits, inFlight: 0 };
      this.apps.set(app, budget);
    }
    return budget;
  }
}

function refused(reason: HedgeRefusal): HedgeGrant {
  return { ok: false, reason };
}
