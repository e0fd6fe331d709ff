/**
 * An upper bound on the plan's objective by Lagrangian relaxation of the memory rows
 * (Held & Karp 1971; Fisher 1981, "The Lagrangian relaxation method for solving integer
 * programming problems"). For prices λ ≥ 0 every application chooses independently
 * (`lagrangian-subproblem.ts`) and
 *
 *   L(λ) = Σ_a max_choice (value − λ·memory) + Σ_rows λ_row · room_row  ≥  optimum,
 *
 * for every λ ≥ 0, so any iterate is a valid bound and the best one is kept. Because each
 * subproblem is a choice among options (integrality property), min L(λ) equals the LP
 * relaxation bound (Geoffrion 1974). Prices start from the best uniform price on steady memory
 * (an aggregate-knapsack dual found by bisection) and then follow subgradient steps with the
 * Polyak step rule t = θ·(L(λ) − target)/‖g‖², θ halved after `patience` iterations without
 * a better bound (Held, Wolfe & Crowder 1974).
 */
import { PriceView, roomOrder, zeroPrices } from './dual-prices.ts';
import type { DualPrices, RoomOrder } from './dual-prices.ts';
import { bestPlacedChoice, bestUnderstudy, classOf, emptyChoice } from './lagrangian-subproblem.ts';
import type { RelaxedChoice } from './lagrangian-subproblem.ts';
import type { AppOptions } from './options.ts';
import type { Pacer } from './pacer.ts';
import type { Snapshot } from './snapshot.ts';

export interface LagrangianOptions {
  /** Objective of the best known plan; the Polyak step aims at it. */
  readonly target: number;
  /** The part of the objective no plan can change (see `gapOf`). */
  readonly fixedValue: number;
  readonly maxIterations: number;
  /** Stop once the gap to `target` is at most this fraction. */
  readonly stopGap: number;
  readonly pacer: Pacer;
}

export interface LagrangianResult {
  readonly bound: number;
  readonly prices: DualPrices;
  readonly iterations: number;
}

export async function lagrangianBound(
  snapshot: Snapshot,
  candidates: readonly AppOptions[],
  options: LagrangianOptions,
): Promise<LagrangianResult> {
  const { pacer } = options;
  const relaxation = new Relaxation(snapshot, candidates);
  let prices = await uniformStart(snapshot, relaxation, pacer);
  let best = { bound: relaxation.evaluate(prices), prices };
  let theta = 2;
  let sinceBetter = 0;
  let iterations = 0;
  while (iterations < options.maxIterations && theta > 1e-4 && !pacer.expired) {
    if (gapOf(best.bound, options.target, options.fixedValue) <= options.stopGap) break;
    if (pacer.due()) await pacer.pause();
    const next = relaxation.step(prices, theta, best.bound - options.target);
    if (next === undefined) break; // the relaxed choice is feasible: nothing left to price
    prices = next;
    iterations++;
    const bound = relaxation.evaluate(prices);
    if (bound < best.bound - 1e-12 * Math.abs(best.bound)) {
      best = { bound, prices };
      sinceBetter = 0;
    } else if (++sinceBetter >= 20) {
      theta /= 2;
      sinceBetter = 0;
    }
  }
  return { bound: best.bound, prices: best.prices, iterations };
}

/**
 * Relative gap between a bound and a plan's objective, measured against the part of the
 * objective the plan controls: `fixedValue` (the penalty of applications no plan can protect)
 * is taken out of the denominator, so that unprotectable applications cannot make a gap look
 * small.
 */
export function gapOf(bound: number, objective: number, fixedValue: number): number {
  const scale = Math.max(Math.abs(bound - fixedValue), 1e-9);
  return Math.max(0, bound - objective) / scale;
}

/** Uniform price ρ on steady memory, cold free: the bound of the single aggregate knapsack. */
async function uniformStart(
  snapshot: Snapshot,
  relaxation: Relaxation,
  pacer: Pacer,
): Promise<DualPrices> {
  const prices = zeroPrices(snapshot);
  let low = 0;
  let high = 1;
  const boundAt = async (rho: number) => {
    if (pacer.due()) await pacer.pause();
    prices.sigma.fill(rho);
    return relaxation.evaluate(prices);
  };
  // L(ρ) is convex in ρ: grow the bracket while the bound still falls, then bisect on the slope.
  while (high < 1e9 && (await boundAt(high * 2)) < (await boundAt(high))) high *= 2;
  high *= 2;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if ((await boundAt(mid * (1 + 1e-6))) < (await boundAt(mid))) low = mid;
    else high = mid;
  }
  const rho = (await boundAt(low)) <= (await boundAt(0)) ? low : 0;
  prices.sigma.fill(rho);
  return prices;
}

/** The relaxed problem at given prices: its value and a subgradient step. */
export class Relaxation {
  private readonly snapshot: Snapshot;
  private readonly candidates: readonly AppOptions[];
  private readonly classes: Int32Array;
  /** Each application's choice at the prices of the last `evaluate`. */
  readonly choices: RelaxedChoice[];
  private readonly steady: Float64Array;
  private readonly cold: Float64Array;
  private readonly order: RoomOrder;
  /** The prices of the last `evaluate`, as seen by one application. */
  view: PriceView | undefined;

  constructor(snapshot: Snapshot, candidates: readonly AppOptions[]) {
    this.snapshot = snapshot;
    this.order = roomOrder(snapshot);
    this.candidates = candidates;
    this.classes = classOf(snapshot);
    this.choices = snapshot.apps.map(() => emptyChoice());
    this.steady = new Float64Array(snapshot.nodeIds.length);
    this.cold = new Float64Array(snapshot.nodeIds.length * snapshot.scenarioIds.length);
  }

  /** L(λ); leaves every application's relaxed choice in `choices`. */
  evaluate(prices: DualPrices): number {
    const { snapshot } = this;
    const view = new PriceView(snapshot, this.order, prices);
    this.view = view;
    const byClass = new Map<number, RelaxedChoice>();
    let total = 0;
    snapshot.apps.forEach((app, a) => {
      const out = this.choices[a] as RelaxedChoice;
      const options = this.candidates[a] as AppOptions;
      const cls = this.classes[a] ?? -1;
      const known = cls < 0 ? undefined : byClass.get(cls);
      if (known !== undefined) Object.assign(out, known);
      else if (cls >= 0) {
        bestPlacedChoice(snapshot, options, a, view, out);
        byClass.set(cls, { ...out });
      } else {
        out.primary = app.pinnedNode;
        bestUnderstudy(snapshot, options, a, snapshot.scenarioOf[app.pinnedNode] ?? 0, view, out);
      }
      total += out.value;
    });
    snapshot.roomMiB.forEach((room, n) => {
      if (!snapshot.overloaded[n]) total += room * (view.warmPrice[n] ?? 0);
    });
    return total;
  }

  /** Prices after one projected subgradient step from the choices of the last `evaluate`. */
  step(prices: DualPrices, theta: number, excess: number): DualPrices | undefined {
    this.accumulateUsage();
    const { snapshot, steady, cold } = this;
    const scenarios = snapshot.scenarioIds.length;
    const sigma = Float64Array.from(prices.sigma);
    const pi = Float64Array.from(prices.pi);
    let norm = 0;
    const gradient = (price: number, g: number) => (price > 0 || g > 0 ? g * g : 0);
    snapshot.roomMiB.forEach((room, n) => {
      if (snapshot.overloaded[n]) return;
      const s = steady[n] ?? 0;
      norm += gradient(sigma[n] ?? 0, s - room);
      for (let f = 0; f < scenarios; f++) {
        if (f !== snapshot.scenarioOf[n])
          norm += gradient(pi[n * scenarios + f] ?? 0, s + (cold[n * scenarios + f] ?? 0) - room);
      }
    });
    if (norm === 0) return undefined;
    const t = (theta * Math.max(excess, 1e-9)) / norm;
    snapshot.roomMiB.forEach((room, n) => {
      if (snapshot.overloaded[n]) return;
      const s = steady[n] ?? 0;
      sigma[n] = Math.max(0, (sigma[n] ?? 0) + t * (s - room));
      for (let f = 0; f < scenarios; f++) {
        const at = n * scenarios + f;
        if (f !== snapshot.scenarioOf[n])
          pi[at] = Math.max(0, (pi[at] ?? 0) + t * (s + (cold[at] ?? 0) - room));
      }
    });
    return { sigma, pi };
  }

  private accumulateUsage(): void {
    const { snapshot, steady, cold } = this;
    const scenarios = snapshot.scenarioIds.length;
    steady.fill(0);
    cold.fill(0);
    snapshot.apps.forEach((app, a) => {
      const c = this.choices[a] as RelaxedChoice;
      if (c.primary < 0) return;
      if (app.pinnedNode < 0)
        steady[c.primary] =
          (steady[c.primary] ?? 0) + (snapshot.variants[app.primaryVariant]?.memoryMiB ?? 0);
      if (c.understudy < 0) return;
      if (c.warm) steady[c.understudy] = (steady[c.understudy] ?? 0) + c.footprintMiB;
      else {
        const at = c.understudy * scenarios + (snapshot.scenarioOf[c.primary] ?? 0);
        cold[at] = (cold[at] ?? 0) + c.footprintMiB;
      }
    });
  }
}
