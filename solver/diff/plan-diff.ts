import { diffApps } from './app-changes.ts';
import { diffAccuracy, diffProtection, diffRecovery } from './cluster-figures.ts';
import { FigureBook } from './figure-book.ts';
import { diffNodes } from './node-memory.ts';
import { summaryLine } from './summary.ts';
import type { DiffBody } from './summary.ts';
import { planTransition } from './transition.ts';
import type { DiffFigures, Plan, PlanDiff } from './types.ts';

/**
 * What changes from plan `from` to plan `to`, and what the change costs: per app, cluster-wide
 * accuracy and recovery, per-node memory, and the transition the agents would make. A pure
 * function of its arguments; `figures` (the cluster's families and apps) add load-time
 * estimates and app weights. Identical plans give `empty: true` and empty lists.
 */
export function diffPlans(from: Plan, to: Plan, figures?: DiffFigures): PlanDiff {
  const book = new FigureBook(figures);
  const apps = diffApps(from, to);
  const nodes = diffNodes(from, to);
  const transition = planTransition(from, to, book);
  const body: DiffBody = {
    from: from.version,
    to: to.version,
    empty: apps.length === 0 && nodes.length === 0 && transition.phases.length === 0,
    apps,
    accuracy: diffAccuracy(from, to, book),
    recovery: diffRecovery(from, to),
    protection: diffProtection(from, to, apps),
    nodes,
    transition,
  };
  // The summary goes second in the document, after the versions, where a reader looks first.
  const { from: older, to: newer, empty, ...rest } = body;
  return { from: older, to: newer, empty, summary: summaryLine(body), ...rest };
}
