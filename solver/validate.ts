/**
 * Validation of a planning problem document against the `PlanningProblem` schema of the
 * OpenAPI spec (`core/schema-validator.ts`), then referential integrity (`references.ts`).
 * The caller loads the spec; this module only compiles it. Every problem is reported at once,
 * each with a JSON Pointer into the document.
 */
import type { FieldProblem } from '../core/errors.ts';
import { compileSchemaValidator } from '../core/schema-validator.ts';
import { checkReferences } from './references.ts';
import type { PlanningProblemInput } from './wire.ts';

export type ProblemValidator = (document: unknown) => FieldProblem[];

/** `spec` is the parsed OpenAPI document (openapi/understudy.yaml). */
export function compileProblemValidator(spec: object): ProblemValidator {
  const validateSchema = compileSchemaValidator(spec, 'PlanningProblem');
  return (document) => {
    const problems = validateSchema(document);
    if (problems.length > 0) return problems;
    return checkReferences(document as PlanningProblemInput);
  };
}
