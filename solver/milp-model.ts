/**
 * Builds the MILP over a set of columns, in the aggregated form (see `ledger.ts`): a continuous
 * reserve r_n per node replaces "steady + cold(f) ≤ room for every f" by
 *
 *   assign a:     Σ_{c ∈ a} x_c = 1
 *   steady n:     Σ primaries and warm understudies on n + r_n ≤ room(n)
 *   cold (n, f):  Σ cold understudies on n of primaries in f − r_n ≤ 0
 *
 * Same feasible set and same LP relaxation as one row per (node, scenario) with every warm
 * item repeated in each, but each column now appears in one memory row, not F of them — the
 * naive model's density is what made glpk.js stall.
 */
import type { Column } from './columns.ts';
import type { GlpkConstants, LP } from './milp-backend.ts';
import type { AppOptions } from './options.ts';
import type { Snapshot } from './snapshot.ts';

export interface MilpModel {
  readonly lp: LP;
  /** Column name → column. */
  readonly columns: ReadonlyMap<string, Column>;
}

type Row = LP['subjectTo'][number];

export function buildMilp(
  snapshot: Snapshot,
  candidates: readonly AppOptions[],
  columnsByApp: readonly (readonly Column[])[],
  glpk: GlpkConstants,
  integer: boolean,
): MilpModel {
  const builder = new ModelBuilder(snapshot, candidates, glpk);
  columnsByApp.forEach((columns, a) => builder.addApp(a, columns));
  return builder.build(integer);
}

class ModelBuilder {
  private readonly objective: { name: string; coef: number }[] = [];
  private readonly assignRows: Row[] = [];
  private readonly steady = new Map<number, Row>();
  private readonly cold = new Map<number, Row>();
  private readonly columns = new Map<string, Column>();
  private readonly snapshot: Snapshot;
  private readonly candidates: readonly AppOptions[];
  private readonly glpk: GlpkConstants;

  constructor(snapshot: Snapshot, candidates: readonly AppOptions[], glpk: GlpkConstants) {
    this.snapshot = snapshot;
    this.candidates = candidates;
    this.glpk = glpk;
  }

  addApp(a: number, columns: readonly Column[]): void {
    const assign: Row = { name: `a${a}`, vars: [], bnds: { type: this.glpk.GLP_FX, lb: 1, ub: 1 } };
    this.assignRows.push(assign);
    const app = this.snapshot.apps[a];
    for (const column of columns) {
      const name = `x${this.columns.size}`;
      this.columns.set(name, column);
      this.objective.push({ name, coef: column.value });
      assign.vars.push({ name, coef: 1 });
      if (app !== undefined && app.pinnedNode < 0 && column.primary >= 0) {
        const mib = this.snapshot.variants[app.primaryVariant]?.memoryMiB ?? 0;
        this.steadyRow(column.primary).vars.push({ name, coef: mib });
      }
      const option = column.option < 0 ? undefined : this.candidates[a]?.options[column.option];
      if (option === undefined) continue;
      const row =
        option.mode === 'warm'
          ? this.steadyRow(column.node)
          : this.coldRow(column.node, this.snapshot.scenarioOf[column.primary] ?? 0);
      row.vars.push({ name, coef: option.footprintMiB });
    }
  }

  build(integer: boolean): MilpModel {
    const scenarios = this.snapshot.scenarioIds.length;
    for (const key of this.cold.keys()) this.steadyRow(Math.floor(key / scenarios));
    const reserves = [...this.steady.keys()].map((n) => ({
      name: `r${n}`,
      type: this.glpk.GLP_DB,
      lb: 0,
      ub: this.snapshot.roomMiB[n] ?? 0,
    }));
    const lp: LP = {
      name: 'understudy',
      objective: { direction: this.glpk.GLP_MAX, name: 'value', vars: this.objective },
      subjectTo: [...this.assignRows, ...this.steady.values(), ...this.cold.values()],
      bounds: reserves,
      ...(integer ? { binaries: [...this.columns.keys()] } : {}),
    };
    return { lp, columns: this.columns };
  }

  private steadyRow(n: number): Row {
    let row = this.steady.get(n);
    if (row === undefined) {
      const bnds = { type: this.glpk.GLP_UP, lb: 0, ub: this.snapshot.roomMiB[n] ?? 0 };
      row = { name: `s${n}`, vars: [{ name: `r${n}`, coef: 1 }], bnds };
      this.steady.set(n, row);
    }
    return row;
  }

  private coldRow(n: number, f: number): Row {
    const key = n * this.snapshot.scenarioIds.length + f;
    let row = this.cold.get(key);
    if (row === undefined) {
      const bnds = { type: this.glpk.GLP_UP, lb: 0, ub: 0 };
      row = { name: `c${n}_${f}`, vars: [{ name: `r${n}`, coef: -1 }], bnds };
      this.cold.set(key, row);
    }
    return row;
  }
}
