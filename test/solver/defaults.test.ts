import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROBLEM_DEFAULTS } from '../../solver/defaults.ts';

type Schema = {
  default?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
};

const spec = parse(
  readFileSync(new URL('../../openapi/understudy.yaml', import.meta.url), 'utf8'),
) as {
  components: { schemas: Record<string, Schema> };
};
const schemas = spec.components.schemas;
const resolve = (s: Schema | undefined): Schema | undefined =>
  s?.$ref === undefined ? s : schemas[s.$ref.replace('#/components/schemas/', '')];
const problem = schemas.PlanningProblem;

describe('PROBLEM_DEFAULTS', () => {
  it('matches the defaults in the OpenAPI spec', () => {
    const props = problem?.properties ?? {};
    expect({
      domain: props.nodes?.items?.properties?.domain?.default,
      weight: props.apps?.items?.properties?.weight?.default,
      detectionMs: props.detectionMs?.default,
      timeLimitMs: resolve(props.timeLimitMs)?.default,
      recoveryWeight: resolve(props.objective)?.properties?.recoveryWeight?.default,
      unprotectedPenalty: resolve(props.objective)?.properties?.unprotectedPenalty?.default,
    }).toEqual({
      domain: PROBLEM_DEFAULTS.domain,
      weight: PROBLEM_DEFAULTS.weight,
      detectionMs: PROBLEM_DEFAULTS.detectionMs,
      timeLimitMs: PROBLEM_DEFAULTS.timeLimitMs,
      recoveryWeight: PROBLEM_DEFAULTS.recoveryWeight,
      unprotectedPenalty: PROBLEM_DEFAULTS.unprotectedPenalty,
    });
  });
});
