/**
 * The one catalog of errors the solver throws. Expected outcomes (an application left
 * unprotected, a time limit reached) are values in the plan; these are for input that should
 * have been validated first, for broken infrastructure, and for bugs. Callers across a process
 * boundary match on `code`, never on `instanceof`.
 */

/** A field at fault, as a JSON Pointer into the planning problem, with what is wrong. */
export interface ProblemFieldError {
  readonly pointer: string;
  readonly detail: string;
}

export const SOLVER_ERROR_CODES = {
  /** The problem refers to something it does not define, or defines an id twice. */
  invalidProblem: 'solver.invalid-problem',
  /** A plan failed the independent checker: a solver bug; the plan is never returned. */
  planFailedCheck: 'solver.plan-failed-check',
  /** The MILP backend (glpk.js worker) crashed or answered nonsense. */
  backendFailed: 'solver.backend-failed',
} as const;

export type SolverErrorCode = (typeof SOLVER_ERROR_CODES)[keyof typeof SOLVER_ERROR_CODES];

export class SolverError extends Error {
  readonly code: SolverErrorCode;
  /** Field errors for `invalid-problem`, checker violations for `plan-failed-check`. */
  readonly details: readonly unknown[];

  constructor(code: SolverErrorCode, message: string, details: readonly unknown[] = []) {
    super(message);
    this.name = 'SolverError';
    this.code = code;
    this.details = details;
  }
}
