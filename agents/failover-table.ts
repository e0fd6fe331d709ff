import type { components } from '../openapi/types.ts';

type FailoverEntry = components['schemas']['FailoverEntry'];
export type FailoverAction = components['schemas']['FailoverAction'];

/**
 * The failover table of the plan this node holds: for each other node f, what to activate
 * here when f fails. Replaced whole when a newer plan is applied; read when a failure event
 * arrives, without asking anyone.
 */
export class FailoverTable {
  private version: number | undefined;
  private readonly entries = new Map<string, readonly FailoverAction[]>();

  /** The plan version the table came from; undefined before the first plan. */
  get planVersion(): number | undefined {
    return this.version;
  }

  adopt(planVersion: number, entries: readonly FailoverEntry[]): void {
    this.version = planVersion;
    this.entries.clear();
    for (const entry of entries) this.entries.set(entry.failedNode, entry.actions);
  }

  actionsFor(failedNode: string): readonly FailoverAction[] {
    return this.entries.get(failedNode) ?? [];
  }

  /** The nodes the table covers, for `/v1/state`. */
  failedNodes(): string[] {
    return [...this.entries.keys()].sort();
  }
}
