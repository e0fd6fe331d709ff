/**
 * The solver's public surface. Everything else in `solver/` is internal.
 *
 * - `solvePlan(problem, options)`: a checked plan for a planning problem.
 * - `checkPlan(problem, plan)`: every violation of a plan (empty when valid).
 * - `compileProblemValidator(spec)`, `checkReferences(problem)`: input validation.
 * - `BASELINES`: comparison policies for benchmarks (not for production).
 */
export { solvePlan, SOLVER_METHOD } from './solve.ts';
export type { SolveOptions } from './solve.ts';
export { checkPlan } from './check.ts';
export type { Violation } from './check.ts';
export { compileProblemValidator } from './validate.ts';
export type { ProblemValidator } from './validate.ts';
export { checkReferences } from './references.ts';
export { formatPlanTable } from './plan-table.ts';
export { GlpkWorkerBackend } from './milp-backend.ts';
export type { MilpBackend } from './milp-backend.ts';
export type { Plan, PlanningProblem, PlanningProblemInput } from './wire.ts';
