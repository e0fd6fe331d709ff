/**
 * The MILP's columns: one per (application, primary node, understudy option, understudy node),
 * plus "no understudy" (and, for a planner-placed primary, "not placed"). Only combinations
 * that could ever fit are generated: understudy outside the primary's scenario, on a node not
 * overloaded, whose room holds the footprint. `keep` lets a caller drop columns (reduced-cost
 * fixing, or restricting a primary to its current node).
 */
import type { AppOptions } from './options.ts';
import type { Snapshot } from './snapshot.ts';
import { unplacedValue, unprotectedValue } from './value.ts';

export interface Column {
  readonly app: number;
  /** Primary node; -1 for "not placed". */
  readonly primary: number;
  /** Option index, or -1 for "no understudy". */
  readonly option: number;
  readonly node: number;
  readonly value: number;
}

export interface ColumnScope {
  /** Primary nodes to consider for application a (pinned apps: their pin). */
  primaries(a: number): readonly number[];
  /** Whether to generate the column (called before it is built). */
  keep(app: number, primary: number, option: number, node: number, value: number): boolean;
}

export function generateColumns(
  snapshot: Snapshot,
  candidates: readonly AppOptions[],
  scope: ColumnScope,
): Column[][] {
  return snapshot.apps.map((app, a) => {
    const columns: Column[] = [];
    const add = (column: Column) => {
      if (scope.keep(column.app, column.primary, column.option, column.node, column.value))
        columns.push(column);
    };
    if (app.pinnedNode < 0)
      add({ app: a, primary: -1, option: -1, node: -1, value: unplacedValue(snapshot, app) });
    const options = candidates[a]?.options ?? [];
    for (const p of scope.primaries(a)) {
      add({ app: a, primary: p, option: -1, node: -1, value: unprotectedValue(snapshot, app) });
      const f = snapshot.scenarioOf[p];
      options.forEach((option, o) => {
        for (let n = 0; n < snapshot.nodeIds.length; n++) {
          if (snapshot.scenarioOf[n] === f || snapshot.overloaded[n]) continue;
          if ((snapshot.roomMiB[n] ?? 0) < option.footprintMiB) continue;
          if (!scope.keep(a, p, o, n, option.value)) continue;
          columns.push({ app: a, primary: p, option: o, node: n, value: option.value });
        }
      });
    }
    return columns;
  });
}

/** Every node whose room holds the application's primary; its pin when pinned. */
export function primaryNodesOf(snapshot: Snapshot, a: number): number[] {
  const app = snapshot.apps[a];
  if (app === undefined) return [];
  if (app.pinnedNode >= 0) return [app.pinnedNode];
  const mib = snapshot.variants[app.primaryVariant]?.memoryMiB ?? 0;
  return snapshot.nodeIds
    .map((_, n) => n)
    .filter((n) => !snapshot.overloaded[n] && (snapshot.roomMiB[n] ?? 0) >= mib);
}
