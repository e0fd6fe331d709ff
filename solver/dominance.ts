/**
 * Exact dominance pruning of an application's understudy options. Option B is dominated when
 * another option A uses the same or fewer resources and is worth at least as much, so some
 * optimal plan never uses B:
 *
 * - within one mode, A dominates B when footprint(A) ≤ footprint(B) and value(A) ≥ value(B);
 * - a cold A dominates a warm B on the same terms, because a cold understudy occupies memory
 *   only in its primary's failure scenario, a warm one in every scenario.
 *
 * Ties keep the option listed first, so pruning is deterministic.
 */

/** What pruning needs to know of an option. */
interface Prunable {
  readonly mode: 'warm' | 'cold';
  readonly footprintMiB: number;
  readonly value: number;
}

export function pruneDominated<T extends Prunable>(options: readonly T[]): T[] {
  const cold = paretoFront(options.filter((o) => o.mode === 'cold'));
  const warm = paretoFront(options.filter((o) => o.mode === 'warm')).filter(
    (w) => !cold.some((c) => c.footprintMiB <= w.footprintMiB && c.value >= w.value),
  );
  return [...warm, ...cold];
}

/** Options no other option beats on both footprint and value. */
function paretoFront<T extends Prunable>(options: readonly T[]): T[] {
  const order = options
    .map((option, index) => ({ option, index }))
    .sort(
      (a, b) =>
        a.option.footprintMiB - b.option.footprintMiB ||
        b.option.value - a.option.value ||
        a.index - b.index,
    );
  const front: T[] = [];
  let bestValue = -Infinity;
  for (const { option } of order) {
    if (option.value > bestValue) {
      front.push(option);
      bestValue = option.value;
    }
  }
  return front;
}
