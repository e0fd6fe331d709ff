/**
 * Checks an `apply-plan` job's data before anything changes. The planner produces it from
 * the same generated types, so this is the agent's guard against a job meant for another node
 * or a hand-made one: every problem at once, each with a JSON Pointer into the job data.
 *
 * The shape is the spec's `NodePlanSlice` schema, compiled once when the agent starts. Here
 * are only the rules that schema does not state; they look at whatever parts have the right
 * shape, so their problems come with the schema's.
 */
import type { FieldProblem } from '../core/errors.ts';
import { compileSchemaValidator } from '../core/schema-validator.ts';

type Fields = Record<string, unknown>;

/** Every problem of a job's data as the slice for `nodeId`; none when it is one. */
export type PlanSliceCheck = (data: unknown, nodeId: string) => FieldProblem[];

/** `spec` is the parsed OpenAPI document (`readSpec()` in core). */
export function compilePlanSliceCheck(spec: object): PlanSliceCheck {
  const validateShape = compileSchemaValidator(spec, 'NodePlanSlice', { pointerBase: '/data' });
  return (data, nodeId) => [...validateShape(data), ...agentRules(data, nodeId)];
}

/** The rules a schema cannot state: the slice is this node's, and one session per app. */
function agentRules(data: unknown, nodeId: string): FieldProblem[] {
  if (!isObject(data)) return [];
  const problems: FieldProblem[] = [];
  if (typeof data.node === 'string' && data.node !== nodeId) {
    problems.push({
      pointer: '/data/node',
      detail: `must be ${nodeId}, the node this agent runs; got ${JSON.stringify(data.node)}`,
    });
  }
  return [...problems, ...repeatedApps(data)];
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
