/**
 * The constructive heuristic, in two phases:
 *
 * 1. protect: applications in order of weight, then largest smallest-footprint first (first-fit
 *    decreasing, the classic bin-packing order: big items go while memory is still whole), each
 *    takes the option that costs least memory where `node-choice.ts` would put it (a cold
 *    understudy riding on an existing reserve costs nothing), ties to cold (its memory can be
 *    shared by later cold understudies of other scenarios), then to the more valuable;
 * 2. upgrade: the best upgrade by gain per MiB is applied until none fits (Sinha & Zoltners
 *    1979, the incremental-efficiency greedy for the multiple-choice knapsack), with lazy
 *    re-evaluation (Minoux 1978): an application's stale key is recomputed when it reaches the
 *    top and applied only if it still beats the next key.
 */
import { Heap } from './heap.ts';
import { applyMove, bestUpgrade, upgradeBefore } from './moves.ts';
import type { Move } from './moves.ts';
import { chooseNode } from './node-choice.ts';
import type { Pacer } from './pacer.ts';
import type { Placement } from './placement.ts';

/** Protects, then upgrades, every application that has no understudy yet. */
export async function greedyPlacement(placement: Placement, pacer: Pacer): Promise<void> {
  await protectLargestFirst(placement, pacer);
  await upgradeByEfficiency(placement, pacer);
}

async function protectLargestFirst(placement: Placement, pacer: Pacer): Promise<void> {
  const order = placement.snapshot.apps
    .map((app, a) => ({ a, weight: app.weight, smallest: smallestFootprint(placement, a) }))
    .filter((x) => x.smallest < Infinity && placement.primaryScenario(x.a) >= 0)
    .filter((x) => (placement.option[x.a] ?? -1) < 0)
    .sort((x, y) => y.weight - x.weight || y.smallest - x.smallest || x.a - y.a);
  for (const { a } of order) {
    if (pacer.due()) await pacer.pause();
    let best = { o: -1, node: -1, cost: Infinity, cold: false, value: -Infinity };
    (placement.candidates[a]?.options ?? []).forEach((option, o) => {
      const choice = chooseNode(placement, a, o);
      if (choice.node < 0) return;
      const cold = option.mode === 'cold';
      const cheaper =
        choice.costMiB < best.cost ||
        (choice.costMiB === best.cost && (cold !== best.cold ? cold : option.value > best.value));
      if (cheaper) best = { o, node: choice.node, cost: choice.costMiB, cold, value: option.value };
    });
    if (best.o >= 0) placement.assign(a, best.o, best.node);
  }
}

function smallestFootprint(placement: Placement, a: number): number {
  let smallest = Infinity;
  for (const option of placement.candidates[a]?.options ?? [])
    smallest = Math.min(smallest, option.footprintMiB);
  return smallest;
}

async function upgradeByEfficiency(placement: Placement, pacer: Pacer): Promise<void> {
  const heap = new Heap<Move>(upgradeBefore);
  for (let a = 0; a < placement.snapshot.apps.length; a++) {
    if (pacer.due()) await pacer.pause();
    const move = bestUpgrade(placement, a);
    if (move !== undefined) heap.push(move);
  }
  // Each application upgrades at most once per option, plus re-evaluations; the cap is a guard.
  let budget = 20 * (placement.snapshot.apps.length + 1) * 8;
  while (heap.size > 0 && budget-- > 0 && !pacer.expired) {
    if (pacer.due()) await pacer.pause();
    const stale = heap.pop() as Move;
    const fresh = bestUpgrade(placement, stale.app);
    if (fresh === undefined) continue;
    const next = heap.peek();
    if (next !== undefined && upgradeBefore(next, fresh)) {
      heap.push(fresh);
      continue;
    }
    applyMove(placement, fresh);
    const again = bestUpgrade(placement, fresh.app);
    if (again !== undefined) heap.push(again);
  }
}
