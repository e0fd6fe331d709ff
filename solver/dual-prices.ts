/**
 * Prices on the memory rows (Lagrange multipliers, all ≥ 0) and the cheapest node each kind of
 * understudy can use at those prices. Rows (DESIGN.md, the optimisation model, with pinned
 * primaries moved to the right-hand side as `room`):
 *
 *   steady row n:        steady(n)             ≤ room(n)     price sigma[n]
 *   scenario row (n, f): steady(n) + cold(n,f) ≤ room(n)     price pi[n·F + f], f ≠ scenario(n)
 *
 * A warm understudy (or a placed primary) on n appears in every row of n, so it pays
 * warmPrice(n) = sigma[n] + Σ_f pi[n,f] per MiB; a cold one pays only pi[n, f] of its primary's
 * scenario f. Only nodes whose room could ever hold the item are offered (a valid restriction
 * that tightens the bound a lot when some models are large): nodes are ranked by room, and the
 * cheapest node among the first k is kept as a prefix minimum.
 */
import type { Snapshot } from './snapshot.ts';

export interface DualPrices {
  readonly sigma: Float64Array;
  readonly pi: Float64Array;
}

export function zeroPrices(snapshot: Snapshot): DualPrices {
  const n = snapshot.nodeIds.length;
  return { sigma: new Float64Array(n), pi: new Float64Array(n * snapshot.scenarioIds.length) };
}

/** Usable nodes by room, largest first; fixed for a snapshot. */
export interface RoomOrder {
  readonly nodes: Int32Array;
  readonly rooms: Float64Array;
}

export function roomOrder(snapshot: Snapshot): RoomOrder {
  const nodes = snapshot.nodeIds
    .map((_, n) => n)
    .filter((n) => !snapshot.overloaded[n])
    .sort((x, y) => (snapshot.roomMiB[y] ?? 0) - (snapshot.roomMiB[x] ?? 0) || x - y);
  return {
    nodes: Int32Array.from(nodes),
    rooms: Float64Array.from(nodes, (n) => snapshot.roomMiB[n] ?? 0),
  };
}

export class PriceView {
  readonly warmPrice: Float64Array;
  private readonly order: RoomOrder;
  private readonly scenarios: number;
  /** Prefix k of the room order: cheapest warm node, and cheapest in another scenario. */
  private readonly warm1: Int32Array;
  private readonly warm2: Int32Array;
  /** coldArgs[f·K + k]: cheapest cold node for scenario f among the first k + 1 nodes. */
  private readonly coldArgs: Int32Array;
  private readonly prices: DualPrices;
  private readonly scenarioOf: readonly number[];

  constructor(snapshot: Snapshot, order: RoomOrder, prices: DualPrices) {
    this.order = order;
    this.prices = prices;
    this.scenarioOf = snapshot.scenarioOf;
    this.scenarios = snapshot.scenarioIds.length;
    this.warmPrice = new Float64Array(snapshot.nodeIds.length).fill(Infinity);
    for (const n of order.nodes) this.warmPrice[n] = warmPriceOf(n, snapshot, prices);
    const k = order.nodes.length;
    this.warm1 = new Int32Array(k);
    this.warm2 = new Int32Array(k);
    this.coldArgs = new Int32Array(k * this.scenarios);
    this.buildWarmPrefix();
    this.buildColdPrefix();
  }

  /** Cheapest node outside scenario f whose room holds `mib` for a warm item, or -1. */
  warmNode(f: number, mib: number): number {
    const k = this.prefixLength(mib);
    if (k === 0) return -1;
    const first = this.warm1[k - 1] ?? -1;
    return this.scenarioOf[first] !== f ? first : (this.warm2[k - 1] ?? -1);
  }

  /** Cheapest node whose room holds `mib` for a cold item of scenario f, or -1. */
  coldNode(f: number, mib: number): number {
    const k = this.prefixLength(mib);
    return k === 0 ? -1 : (this.coldArgs[f * this.order.nodes.length + k - 1] ?? -1);
  }

  coldPrice(n: number, f: number): number {
    return this.prices.pi[n * this.scenarios + f] ?? 0;
  }

  /** How many nodes of the room order have room ≥ mib (binary search). */
  private prefixLength(mib: number): number {
    const rooms = this.order.rooms;
    let low = 0;
    let high = rooms.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((rooms[mid] ?? 0) >= mib) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private buildWarmPrefix(): void {
    let first = -1;
    let second = -1;
    const price = (n: number) => (n < 0 ? Infinity : (this.warmPrice[n] ?? Infinity));
    this.order.nodes.forEach((n, k) => {
      if (price(n) < price(first)) {
        if (this.scenarioOf[first] !== this.scenarioOf[n]) second = first;
        first = n;
      } else if (this.scenarioOf[n] !== this.scenarioOf[first] && price(n) < price(second)) {
        second = n;
      }
      this.warm1[k] = first;
      this.warm2[k] = second;
    });
  }

  private buildColdPrefix(): void {
    const nodes = this.order.nodes;
    const k = nodes.length;
    for (let f = 0; f < this.scenarios; f++) {
      let best = -1;
      let bestPrice = Infinity;
      for (let i = 0; i < k; i++) {
        const n = nodes[i] ?? 0;
        if (this.scenarioOf[n] !== f) {
          const p = this.prices.pi[n * this.scenarios + f] ?? 0;
          if (p < bestPrice) {
            best = n;
            bestPrice = p;
          }
        }
        this.coldArgs[f * k + i] = best;
      }
    }
  }
}

function warmPriceOf(n: number, snapshot: Snapshot, prices: DualPrices): number {
  const scenarios = snapshot.scenarioIds.length;
  const own = snapshot.scenarioOf[n];
  let price = prices.sigma[n] ?? 0;
  for (let f = 0; f < scenarios; f++) if (f !== own) price += prices.pi[n * scenarios + f] ?? 0;
  return price;
}
