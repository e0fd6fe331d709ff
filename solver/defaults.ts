/**
 * Defaults of the optional `PlanningProblem` fields. They mirror the `default:` values in
 * `openapi/understudy.yaml` (a test keeps the two in step); the solver applies them itself so a
 * problem means the same whether or not a validator filled them in.
 */
export const PROBLEM_DEFAULTS = {
  /** `nodes[].domain`. */
  domain: 'default',
  /** `apps[].weight`. */
  weight: 1,
  /** `detectionMs`, in ms. */
  detectionMs: 30,
  /** `timeLimitMs`, in ms. */
  timeLimitMs: 10_000,
  /** `objective.recoveryWeight` (λ). */
  recoveryWeight: 0.1,
  /** `objective.unprotectedPenalty` (M), per unit of application weight. */
  unprotectedPenalty: 1000,
  /** `protection`. */
  protection: 'node',
} as const;
