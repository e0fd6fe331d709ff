import { optionFor } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Baseline } from './baseline.ts';

/**
 * "Critical applications warm, the rest cold": the heaviest quarter of applications (by weight,
 * and only if heavier than the lightest) get a full-size warm copy, falling back to cold, and
 * are served first; the others get a full-size cold copy.
 */
export const criticalWarm: Baseline = {
  name: 'critical-warm',
  description: 'greedy: critical apps full-size warm, others full-size cold',
  choices: (snapshot, app) => {
    const cold = optionFor(snapshot, app, app.primaryVariant, 'cold', false);
    const warm = isCritical(snapshot, app.weight)
      ? optionFor(snapshot, app, app.primaryVariant, 'warm', false)
      : undefined;
    return [warm, cold].filter((o) => o !== undefined);
  },
  order: (snapshot) =>
    snapshot.apps
      .map((app, a) => ({ a, critical: isCritical(snapshot, app.weight) }))
      .sort((x, y) => Number(y.critical) - Number(x.critical) || x.a - y.a)
      .map((x) => x.a),
};

const thresholds = new WeakMap<Snapshot, { threshold: number; lightest: number }>();

function isCritical(snapshot: Snapshot, weight: number): boolean {
  let known = thresholds.get(snapshot);
  if (known === undefined) {
    const weights = snapshot.apps.map((app) => app.weight).sort((x, y) => y - x);
    known = {
      threshold: weights[Math.floor(weights.length / 4)] ?? Infinity,
      lightest: weights.at(-1) ?? 0,
    };
    thresholds.set(snapshot, known);
  }
  return weight >= known.threshold && weight > known.lightest;
}
