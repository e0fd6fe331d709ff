/**
 * A mutable plan under construction: every application's primary node, chosen option and
 * understudy node, kept consistent with a `MemoryLedger`. Solver steps (greedy, local search,
 * MILP decoding, baselines) change a placement only through these methods, which never let it
 * become infeasible: a call that would not fit throws, because that is a bug in the caller.
 */
import { MemoryLedger, fits } from './ledger.ts';
import type { AppOptions, UnderstudyOption } from './options.ts';
import type { Snapshot } from './snapshot.ts';
import { unplacedValue, unprotectedValue } from './value.ts';

export class Placement {
  readonly snapshot: Snapshot;
  readonly candidates: readonly AppOptions[];
  readonly ledger: MemoryLedger;
  /** Node of each primary, or -1 while an unpinned primary is not placed. */
  readonly primaryNode: Int32Array;
  /** Index into `candidates[a].options`, or -1 when the application has no understudy. */
  readonly option: Int32Array;
  readonly understudyNode: Int32Array;
  /** Applications whose understudy is on each node, in the order they arrived. */
  readonly residents: Set<number>[];
  /** Inverse operations since `begin()`, or undefined outside a transaction. */
  private undo: (() => void)[] | undefined;

  constructor(snapshot: Snapshot, candidates: readonly AppOptions[]) {
    this.snapshot = snapshot;
    this.candidates = candidates;
    this.ledger = new MemoryLedger(snapshot);
    this.primaryNode = Int32Array.from(snapshot.apps, (app) => app.pinnedNode);
    this.option = new Int32Array(snapshot.apps.length).fill(-1);
    this.understudyNode = new Int32Array(snapshot.apps.length).fill(-1);
    this.residents = snapshot.nodeIds.map(() => new Set<number>());
  }

  /** Starts recording changes so `rollback()` can undo them; transactions do not nest. */
  begin(): void {
    if (this.undo !== undefined) throw new Error('bug: nested placement transaction');
    this.undo = [];
  }

  commit(): void {
    this.undo = undefined;
  }

  rollback(): void {
    const undo = this.undo ?? [];
    this.undo = undefined;
    for (let i = undo.length - 1; i >= 0; i--) undo[i]?.();
  }

  clone(): Placement {
    const copy = new Placement(this.snapshot, this.candidates);
    copy.copyFrom(this);
    return copy;
  }

  copyFrom(other: Placement): void {
    this.primaryNode.set(other.primaryNode);
    this.option.set(other.option);
    this.understudyNode.set(other.understudyNode);
    this.ledger.steady.set(other.ledger.steady);
    this.ledger.cold.set(other.ledger.cold);
    this.ledger.reserve.set(other.ledger.reserve);
    this.residents.forEach((set, n) => {
      set.clear();
      for (const a of other.residents[n] ?? []) set.add(a);
    });
  }

  /** The failure scenario the application's primary belongs to, or -1 while unplaced. */
  primaryScenario(a: number): number {
    const p = this.primaryNode[a] ?? -1;
    return p < 0 ? -1 : (this.snapshot.scenarioOf[p] ?? -1);
  }

  optionOf(a: number, o: number): UnderstudyOption {
    const option = this.candidates[a]?.options[o];
    if (option === undefined) throw new Error(`bug: app ${a} has no option ${o}`);
    return option;
  }

  primaryMiB(a: number): number {
    const app = this.snapshot.apps[a];
    return app === undefined ? 0 : (this.snapshot.variants[app.primaryVariant]?.memoryMiB ?? 0);
  }

  placePrimary(a: number, p: number): void {
    if ((this.primaryNode[a] ?? -1) >= 0)
      throw new Error(`bug: primary of app ${a} already placed`);
    if (!fits(this.primaryMiB(a), this.ledger.free(p)) || this.snapshot.overloaded[p]) {
      throw new Error(`bug: primary of app ${a} does not fit on node ${p}`);
    }
    this.ledger.addSteady(p, this.primaryMiB(a));
    this.primaryNode[a] = p;
  }

  unplacePrimary(a: number): void {
    const p = this.primaryNode[a] ?? -1;
    if (p < 0 || (this.snapshot.apps[a]?.pinnedNode ?? -1) >= 0)
      throw new Error(`bug: cannot unplace app ${a}`);
    if ((this.option[a] ?? -1) >= 0) throw new Error(`bug: app ${a} still has an understudy`);
    this.ledger.removeSteady(p, this.primaryMiB(a));
    this.primaryNode[a] = -1;
  }

  /** Whether option o of app a fits on node n now (the app's own understudy excluded). */
  canAssign(a: number, o: number, n: number): boolean {
    const f = this.primaryScenario(a);
    if (f < 0 || n < 0 || this.snapshot.scenarioOf[n] === f || this.snapshot.overloaded[n])
      return false;
    const option = this.optionOf(a, o);
    return option.mode === 'warm'
      ? fits(option.footprintMiB, this.ledger.free(n))
      : fits(option.footprintMiB, this.ledger.coldRoom(n, f));
  }

  assign(a: number, o: number, n: number): void {
    if ((this.option[a] ?? -1) >= 0) throw new Error(`bug: app ${a} already has an understudy`);
    if (!this.canAssign(a, o, n))
      throw new Error(`bug: option ${o} of app ${a} does not fit on node ${n}`);
    const option = this.optionOf(a, o);
    if (option.mode === 'warm') this.ledger.addSteady(n, option.footprintMiB);
    else this.ledger.addCold(n, this.primaryScenario(a), option.footprintMiB);
    this.option[a] = o;
    this.understudyNode[a] = n;
    this.residents[n]?.add(a);
    this.undo?.push(() => this.unassign(a));
  }

  unassign(a: number): void {
    const o = this.option[a] ?? -1;
    if (o < 0) return;
    const option = this.optionOf(a, o);
    const n = this.understudyNode[a] ?? -1;
    if (option.mode === 'warm') this.ledger.removeSteady(n, option.footprintMiB);
    else this.ledger.removeCold(n, this.primaryScenario(a), option.footprintMiB);
    this.option[a] = -1;
    this.understudyNode[a] = -1;
    this.residents[n]?.delete(a);
    this.undo?.push(() => this.assign(a, o, n));
  }

  valueOf(a: number): number {
    const app = this.snapshot.apps[a];
    if (app === undefined) return 0;
    if ((this.primaryNode[a] ?? -1) < 0) return unplacedValue(this.snapshot, app);
    const o = this.option[a] ?? -1;
    return o < 0 ? unprotectedValue(this.snapshot, app) : this.optionOf(a, o).value;
  }

  objective(): number {
    let total = 0;
    for (let a = 0; a < this.snapshot.apps.length; a++) total += this.valueOf(a);
    return total;
  }
}
