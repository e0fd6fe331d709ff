import { DomainError } from '../core/errors.ts';

/** Slack for float sums of planned MiB figures. */
const EPSILON_MIB = 1e-6;

/**
 * The node's model memory, `--memory-mib`, in the planner's unit: each session counts its
 * planned `memoryMiB` (measured figures are reported, not budgeted, so agent and planner agree
 * on what fits). A reservation that would exceed the capacity is refused, never granted.
 */
export class MemoryBudget {
  readonly capacityMiB: number;
  private reservedMiB = 0;

  constructor(options: { capacityMiB: number }) {
    this.capacityMiB = options.capacityMiB;
  }

  get usedMiB(): number {
    return this.reservedMiB;
  }

  get freeMiB(): number {
    return Math.max(0, this.capacityMiB - this.reservedMiB);
  }

  fits(memoryMiB: number): boolean {
    return this.reservedMiB + memoryMiB <= this.capacityMiB + EPSILON_MIB;
  }

  /** Takes `memoryMiB` or throws MEMORY_BUDGET_EXCEEDED naming what it was for. */
  reserve(memoryMiB: number, what: string): void {
    if (!this.fits(memoryMiB)) {
      throw new DomainError(
        'MEMORY_BUDGET_EXCEEDED',
        `${what} needs ${memoryMiB} MiB but only ${round(this.freeMiB)} of ${this.capacityMiB} MiB are free`,
      );
    }
    this.reservedMiB += memoryMiB;
  }

  release(memoryMiB: number): void {
    this.reservedMiB = Math.max(0, this.reservedMiB - memoryMiB);
  }
}

function round(mib: number): number {
  return Math.round(mib * 100) / 100;
}
