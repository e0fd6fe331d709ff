/**
 * How the agent treats each error code of a failed model or plan. Retrying cannot fix an
 * invalid slice, a plan over the memory budget or a bad file; it may fix a model URL that did
 * not answer or Redis being away.
 */
import { FILE_FAULTS } from '../core/errors.ts';
import type { ErrorCode } from '../core/errors.ts';

const REJECTING: ReadonlySet<string> = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'MEMORY_BUDGET_EXCEEDED',
]);

const UNRECOVERABLE: ReadonlySet<string> = new Set([...FILE_FAULTS, ...REJECTING]);

/** True when trying again later may succeed. */
export function isRetryable(code: string): boolean {
  return !UNRECOVERABLE.has(code);
}

/** True when the code means the plan was refused as a whole and nothing changed. */
export function isRejection(code: string): boolean {
  return REJECTING.has(code);
}
