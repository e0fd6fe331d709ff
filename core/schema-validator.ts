/**
 * Validation of a document against one schema of the OpenAPI spec's `components.schemas`
 * (JSON Schema 2020-12, via Ajv), shared by the solver (the planning problem) and the agent
 * (the plan slice of an `apply-plan` job). The caller loads the spec; this module only compiles
 * it. Every problem is reported at once, each with a JSON Pointer into the document.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FieldProblem } from './errors.ts';

export type SchemaValidator = (document: unknown) => FieldProblem[];

export interface SchemaValidatorOptions {
  /**
   * Where the document sits in what was sent, put before every pointer (`/data` for a job's
   * data). Default none: a problem with the whole document is at `/`.
   */
  pointerBase?: string;
}

/** `spec` is the parsed OpenAPI document; `schemaName` a key of its `components.schemas`. */
export function compileSchemaValidator(
  spec: object,
  schemaName: string,
  options: SchemaValidatorOptions = {},
): SchemaValidator {
  return schemaCompiler(spec, options)(schemaName);
}

/**
 * Compiles schemas of one spec by name, all with one Ajv, so what they share is compiled once.
 */
export function schemaCompiler(
  spec: object,
  options: SchemaValidatorOptions = {},
): (schemaName: string) => SchemaValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    // A JSON number is finite: NaN and Infinity (possible in-process, never in JSON) fail.
    strictNumbers: true,
    validateFormats: false,
    logger: false,
  });
  ajv.addSchema(spec, 'spec');
  const base = options.pointerBase ?? '';
  return (schemaName) => {
    const validate = ajv.compile({ $ref: `spec#/components/schemas/${schemaName}` });
    return (document) =>
      validate(document) ? [] : (validate.errors ?? []).map((error) => toFieldProblem(error, base));
  };
}

function toFieldProblem(error: ErrorObject, base: string): FieldProblem {
  const params = error.params as Record<string, unknown>;
  const pointer = `${base}${error.instancePath}` || '/';
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
