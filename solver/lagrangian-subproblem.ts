/**
 * The Lagrangian subproblem: with the memory rows priced (see `dual-prices.ts`), every
 * application independently picks its most valuable choice net of the memory it pays for —
 * an understudy option on the cheapest eligible node, or none; for a planner-placed primary,
 * also the primary's node. Applications that differ only in id share one answer (`classOf`).
 */
import type { PriceView } from './dual-prices.ts';
import type { AppOptions } from './options.ts';
import type { Snapshot } from './snapshot.ts';
import { unplacedValue, unprotectedValue } from './value.ts';

/** One application's choice in the relaxation. Nodes are -1 when unused. */
export interface RelaxedChoice {
  value: number;
  primary: number;
  understudy: number;
  warm: boolean;
  footprintMiB: number;
}

export function emptyChoice(): RelaxedChoice {
  return { value: -Infinity, primary: -1, understudy: -1, warm: false, footprintMiB: 0 };
}

/** Best understudy (or none) for a primary in scenario f, net of prices; writes into `out`. */
export function bestUnderstudy(
  snapshot: Snapshot,
  appOptions: AppOptions,
  a: number,
  f: number,
  view: PriceView,
  out: RelaxedChoice,
): void {
  const app = snapshot.apps[a];
  out.value = app === undefined ? 0 : unprotectedValue(snapshot, app);
  out.understudy = -1;
  out.warm = false;
  out.footprintMiB = 0;
  for (const option of appOptions.options) {
    const warm = option.mode === 'warm';
    const node = warm
      ? view.warmNode(f, option.footprintMiB)
      : view.coldNode(f, option.footprintMiB);
    if (node < 0) continue;
    const price = warm ? (view.warmPrice[node] ?? Infinity) : view.coldPrice(node, f);
    const net = option.value - option.footprintMiB * price;
    if (net > out.value) {
      out.value = net;
      out.understudy = node;
      out.warm = warm;
      out.footprintMiB = option.footprintMiB;
    }
  }
}

/**
 * Best (primary node, understudy) for an application the planner places. The understudy's
 * worth depends only on the primary's scenario, so it is computed once per scenario.
 */
export function bestPlacedChoice(
  snapshot: Snapshot,
  appOptions: AppOptions,
  a: number,
  view: PriceView,
  out: RelaxedChoice,
): void {
  const app = snapshot.apps[a];
  const primaryMiB =
    app === undefined ? 0 : (snapshot.variants[app.primaryVariant]?.memoryMiB ?? 0);
  const perScenario = snapshot.scenarioIds.map(() => emptyChoice());
  perScenario.forEach((choice, f) => bestUnderstudy(snapshot, appOptions, a, f, view, choice));
  out.value = app === undefined ? 0 : unplacedValue(snapshot, app);
  out.primary = -1;
  out.understudy = -1;
  out.footprintMiB = 0;
  for (let p = 0; p < snapshot.nodeIds.length; p++) {
    if (snapshot.overloaded[p] || (snapshot.roomMiB[p] ?? 0) < primaryMiB) continue;
    const u = perScenario[snapshot.scenarioOf[p] ?? 0];
    if (u === undefined) continue;
    const net = u.value - primaryMiB * (view.warmPrice[p] ?? Infinity);
    if (net > out.value) {
      Object.assign(out, u);
      out.value = net;
      out.primary = p;
    }
  }
}

/** Applications with identical data except id share a subproblem answer; -1 for pinned ones. */
export function classOf(snapshot: Snapshot): Int32Array {
  const keys = new Map<string, number>();
  return Int32Array.from(snapshot.apps, (app) => {
    if (app.pinnedNode >= 0) return -1;
    const key = [
      app.primaryVariant,
      app.weight,
      app.minAccuracy,
      app.maxRecoveryMs,
      app.maxLatencyMs,
    ].join('|');
    const known = keys.get(key);
    if (known !== undefined) return known;
    keys.set(key, keys.size);
    return keys.size - 1;
  });
}
