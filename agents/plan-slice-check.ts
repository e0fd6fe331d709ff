/**
 * Checks an `apply-plan` job's data before anything changes. The planner produces it from
 * the same generated types, so this is the agent's guard against a job meant for another node
 * or a hand-made one: every problem at once, each with a JSON Pointer into the job data.
 *
 * The shape is the spec's `NodePlanSlice` schema, compiled on the first job (once per
 * process). Here are only the rules that schema does not state; they look at whatever parts
 * have the right shape, so their problems come with the schema's.
 */
import type { FieldProblem } from '../core/errors.ts';
import { compileSchemaValidator } from '../core/schema-validator.ts';
import type { SchemaValidator } from '../core/schema-validator.ts';
import { readSpec } from '../core/spec.ts';

type Fields = Record<string, unknown>;

let validateShape: SchemaValidator | undefined;

export function checkPlanSlice(data: unknown, nodeId: string): FieldProblem[] {
  validateShape ??= compileSchemaValidator(readSpec(), 'NodePlanSlice', { pointerBase: '/data' });
  const problems = validateShape(data);
  if (!isObject(data)) return problems;
  if (typeof data.node === 'string' && data.node !== nodeId) {
    problems.push({
      pointer: '/data/node',
      detail: `must be ${nodeId}, the node this agent runs; got ${JSON.stringify(data.node)}`,
    });
  }
  problems.push(...repeatedApps(data));
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
