/**
 * Validation of a planning problem document against the `PlanningProblem` schema of the
 * OpenAPI spec (JSON Schema 2020-12, via Ajv), then referential integrity (`references.ts`).
 * The caller loads the spec; this module only compiles it. Every problem is reported at once,
 * each with a JSON Pointer into the document.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FieldProblem } from '../core/errors.ts';
import { checkReferences } from './references.ts';
import type { PlanningProblemInput } from './wire.ts';

export type ProblemValidator = (document: unknown) => FieldProblem[];

/** `spec` is the parsed OpenAPI document (openapi/understudy.yaml). */
export function compileProblemValidator(spec: object): ProblemValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    validateFormats: false,
    logger: false,
  });
  ajv.addSchema(spec, 'understudy');
  const validate = ajv.compile({ $ref: 'understudy#/components/schemas/PlanningProblem' });
  return (document) => {
    if (!validate(document)) return (validate.errors ?? []).map(toFieldError);
    return checkReferences(document as PlanningProblemInput);
  };
}

function toFieldError(error: ErrorObject): FieldProblem {
  const params = error.params as Record<string, unknown>;
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  const message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    return { pointer, detail: `must not have the property '${String(params.additionalProperty)}'` };
  }
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
    return { pointer, detail: `must be one of: ${allowed.map(String).join(', ')}` };
  }
  return { pointer, detail: message };
}
