import { appSides, failoverAccuracy, isProtected, recoveryMs } from './app-sides.ts';
import type { AppSide } from './app-sides.ts';
import type { FigureBook } from './figure-book.ts';
import { deltaOrNull, roundFraction, roundMeasure } from './numbers.ts';
import type {
  Plan,
  PlanDiffAccuracy,
  PlanDiffApp,
  PlanDiffProtection,
  PlanDiffRecovery,
} from './types.ts';

/** Cluster-wide accuracy on failover, weighted by application weight (unprotected = 0). */
export function diffAccuracy(from: Plan, to: Plan, book: FigureBook): PlanDiffAccuracy {
  const before = weightedAccuracy(appSides(from), book);
  const after = weightedAccuracy(appSides(to), book);
  const delta = deltaOrNull(before, after);
  return {
    weightedBefore: before === null ? null : roundFraction(before),
    weightedAfter: after === null ? null : roundFraction(after),
    delta: delta === null ? null : roundFraction(delta),
    weightsKnown: book.known,
  };
}

/** Mean expected recovery over each plan's protected applications. */
export function diffRecovery(from: Plan, to: Plan): PlanDiffRecovery {
  const before = meanRecoveryMs(appSides(from));
  const after = meanRecoveryMs(appSides(to));
  const delta = deltaOrNull(before, after);
  return {
    meanBeforeMs: before === null ? null : roundMeasure(before),
    meanAfterMs: after === null ? null : roundMeasure(after),
    deltaMs: delta === null ? null : roundMeasure(delta),
  };
}

/** Protected and unprotected counts, and who crossed over (taken from the app changes). */
export function diffProtection(
  from: Plan,
  to: Plan,
  apps: readonly PlanDiffApp[],
): PlanDiffProtection {
  const before = [...appSides(from).values()];
  const after = [...appSides(to).values()];
  const having = (change: PlanDiffApp['changes'][number]) =>
    apps.filter((entry) => entry.changes.includes(change)).map((entry) => entry.app);
  return {
    protectedBefore: before.filter(isProtected).length,
    protectedAfter: after.filter(isProtected).length,
    unprotectedBefore: before.filter((side) => !isProtected(side)).length,
    unprotectedAfter: after.filter((side) => !isProtected(side)).length,
    newlyProtected: having('newly-protected'),
    newlyUnprotected: having('newly-unprotected'),
  };
}

function weightedAccuracy(sides: ReadonlyMap<string, AppSide>, book: FigureBook): number | null {
  let weighted = 0;
  let total = 0;
  for (const [app, side] of sides) {
    const weight = book.weightOf(app);
    weighted += weight * failoverAccuracy(side);
    total += weight;
  }
  return total === 0 ? null : weighted / total;
}

function meanRecoveryMs(sides: ReadonlyMap<string, AppSide>): number | null {
  const known = [...sides.values()]
    .map(recoveryMs)
    .filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length;
}
