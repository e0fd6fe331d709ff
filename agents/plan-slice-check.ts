/**
 * Checks an `apply-plan` job's data before anything changes. The planner produces it from
 * the same generated types, so this is the agent's guard against a job meant for another node
 * or a hand-made one: every problem at once, each with a JSON Pointer into the job data.
 *
 * The shape is the spec's `NodePlanSlice` schema, compiled on the first job (once per
 * process). Here are only the rules that schema does not state; they look at whatever parts
 * have the right shape, so their problems come with the schema's.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { FieldProblem } from '../core/errors.ts';
import { compileSchemaValidator } from '../core/schema-validator.ts';
import type { SchemaValidator } from '../core/schema-validator.ts';

type Fields = Record<string, unknown>;

const SPEC_URL = new URL('../openapi/understudy.yaml', import.meta.url);

let validateShape: SchemaValidator | undefined;

export function checkPlanSlice(data: unknown, nodeId: string): FieldProblem[] {
  validateShape ??= compileSchemaValidator(
    parseYaml(readFileSync(SPEC_URL, 'utf8')) as object,
    'NodePlanSlice',
    { pointerBase: '/data' },
  );
  const problems = validateShape(data);
  if (!isObject(data)) return problems;
  if (typeof data.node === 'string' && data.node !== nodeId) {
    problems.push({
      pointer: '/data/node',
      detail: `must be ${nodeId}, the node this agent runs; got ${JSON.stringify(data.node)}`,
    });
  }
  problems.push(...repeatedApps(data));
  for (const [model, pointer] of modelRefs(data)) problems.push(...modelProblems(model, pointer));
  return problems;
}

function repeatedApps(slice: Fields): FieldProblem[] {
  const apps = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const [session, pointer] of objectsIn(slice.sessions, '/data/sessions')) {
    const app = session.app;
    if (typeof app !== 'string') continue;
    if (apps.has(app)) {
      problems.push({
        pointer: `${pointer}/app`,
        detail: `names ${app} a second time; a node holds one session per app`,
      });
    }
    apps.add(app);
  }
  return problems;
}

/** Every model the slice names, with its pointer: held, staged, and in failover actions. */
function modelRefs(slice: Fields): Array<[unknown, string]> {
  const refs: Array<[unknown, string]> = [];
  for (const [session, pointer] of objectsIn(slice.sessions, '/data/sessions')) {
    refs.push([session.model, `${pointer}/model`]);
  }
  refs.push(...objectsIn(slice.stage, '/data/stage'));
  for (const [entry, pointer] of objectsIn(slice.failover, '/data/failover')) {
    for (const [action, at] of objectsIn(entry.actions, `${pointer}/actions`)) {
      refs.push([action.model, `${at}/model`]);
      if (action.firstStep !== undefined) refs.push([action.firstStep, `${at}/firstStep`]);
    }
  }
  return refs;
}

/**
 * The spec's `ModelRef` allows an empty location and a negative memory; the agent refuses
 * both, in the words Ajv uses for `minLength: 1` and `minimum: 0`.
 */
function modelProblems(model: unknown, pointer: string): FieldProblem[] {
  if (!isObject(model)) return [];
  const problems: FieldProblem[] = [];
  if (model.location === '') {
    problems.push({
      pointer: `${pointer}/location`,
      detail: 'must NOT have fewer than 1 characters',
    });
  }
  if (typeof model.memoryMiB === 'number' && model.memoryMiB < 0) {
    problems.push({ pointer: `${pointer}/memoryMiB`, detail: 'must be >= 0' });
  }
  return problems;
}

/** The objects of an array, each with its pointer; none when it is not an array. */
function objectsIn(list: unknown, pointer: string): Array<[Fields, string]> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index): Array<[Fields, string]> =>
    isObject(item) ? [[item, `${pointer}/${index}`]] : [],
  );
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
