/**
 * Turns a MILP answer back into a placement, replaying each application's chosen column
 * through `Placement`, which re-checks every memory row on the way. GLPK works to a tolerance
 * of its own; an answer that does not replay exactly is rejected rather than rounded.
 */
import type { Column } from './columns.ts';
import { fits } from './ledger.ts';
import type { Placement } from './placement.ts';

export function decodeColumns(placement: Placement, chosen: ReadonlyMap<number, Column>): boolean {
  const apps = placement.snapshot.apps.length;
  if (chosen.size !== apps) return false;
  for (let a = 0; a < apps; a++) {
    placement.unassign(a);
    if (
      (placement.snapshot.apps[a]?.pinnedNode ?? 0) < 0 &&
      (placement.primaryNode[a] ?? -1) >= 0
    ) {
      placement.unplacePrimary(a);
    }
  }
  for (const [a, column] of chosen) {
    if (column.primary < 0 || (placement.snapshot.apps[a]?.pinnedNode ?? -1) >= 0) continue;
    if (!fits(placement.primaryMiB(a), placement.ledger.free(column.primary))) return false;
    placement.placePrimary(a, column.primary);
  }
  for (const [a, column] of chosen) {
    if (column.option < 0) continue;
    if (!placement.canAssign(a, column.option, column.node)) return false;
    placement.assign(a, column.option, column.node);
  }
  return true;
}

/** The column each application takes in a 0/1 answer (value > 0.5). */
export function chosenColumns(
  vars: Readonly<Record<string, number>>,
  columns: ReadonlyMap<string, Column>,
): Map<number, Column> {
  const chosen = new Map<number, Column>();
  for (const [name, column] of columns) {
    if ((vars[name] ?? 0) > 0.5) chosen.set(column.app, column);
  }
  return chosen;
}
