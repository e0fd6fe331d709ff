/**
 * Checks an `apply-plan` job's data before anything changes. The planner produces it from
 * the same generated types, so this is the agent's guard against a job meant for another node
 * or a hand-made one: every problem at once, each with a JSON Pointer into the job data.
 */
import type { components } from '../openapi/types.ts';
import type { FieldProblem } from '../core/errors.ts';

type NodePlanSlice = components['schemas']['NodePlanSlice'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkPlanSlice(data: unknown, nodeId: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isObject(data)) return [{ pointer: '/data', detail: 'must be a NodePlanSlice object' }];
  const version = data.planVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push({ pointer: '/data/planVersion', detail: 'must be an integer of at least 1' });
  }
  if (data.node !== nodeId) {
    problems.push({
      pointer: '/data/node',
      detail: `must be ${nodeId}, the node this agent runs; got ${JSON.stringify(data.node)}`,
    });
  }
  const apps = new Set<string>();
  eachItem(data, 'sessions', problems, (session, pointer) =>
    checkSession(session, pointer, apps, problems),
  );
  eachItem(data, 'stage', problems, (model, pointer) => checkModel(model, pointer, problems));
  eachItem(data, 'failover', problems, (entry, pointer) =>
    checkFailoverEntry(entry, pointer, problems),
  );
  return problems;
}

function checkSession(
  session: Record<string, unknown>,
  pointer: string,
  apps: Set<string>,
  problems: FieldProblem[],
): void {
  const app = session.app;
  if (typeof app !== 'string' || app === '') {
    problems.push({ pointer: `${pointer}/app`, detail: 'must be an app id' });
  } else if (apps.has(app)) {
    problems.push({
      pointer: `${pointer}/app`,
      detail: `names ${app} a second time; a node holds one session per app`,
    });
  } else {
    apps.add(app);
  }
  if (session.role !== 'primary' && session.role !== 'understudy')
    problems.push({ pointer: `${pointer}/role`, detail: 'must be primary or understudy' });
  if (typeof session.serving !== 'boolean')
    problems.push({ pointer: `${pointer}/serving`, detail: 'must be true or false' });
  checkModel(session.model, `${pointer}/model`, problems);
}

function checkFailoverEntry(
  entry: Record<string, unknown>,
  pointer: string,
  problems: FieldProblem[],
): void {
  if (typeof entry.failedNode !== 'string')
    problems.push({ pointer: `${pointer}/failedNode`, detail: 'must be a node id' });
  const visit = (action: Record<string, unknown>, at: string): void => {
    if (typeof action.app !== 'string')
      problems.push({ pointer: `${at}/app`, detail: 'must be an app id' });
    if (action.mode !== 'warm' && action.mode !== 'cold')
      problems.push({ pointer: `${at}/mode`, detail: 'must be warm or cold' });
    checkModel(action.model, `${at}/model`, problems);
    if (action.firstStep !== undefined) checkModel(action.firstStep, `${at}/firstStep`, problems);
  };
  eachItem(entry, 'actions', problems, visit, pointer);
}

/** Narrows checked job data to the slice type. */
export function isPlanSlice(data: unknown, nodeId: string): data is NodePlanSlice {
  return checkPlanSlice(data, nodeId).length === 0;
}

function eachItem(
  parent: Record<string, unknown>,
  field: string,
  problems: FieldProblem[],
  visit: (item: Record<string, unknown>, pointer: string) => void,
  base = '/data',
): void {
  const list = parent[field];
  if (!Array.isArray(list)) {
    problems.push({ pointer: `${base}/${field}`, detail: 'must be an array' });
    return;
  }
  list.forEach((item: unknown, index) => {
    const pointer = `${base}/${field}/${index}`;
    if (isObject(item)) visit(item, pointer);
    else problems.push({ pointer, detail: 'must be an object' });
  });
}

function checkModel(model: unknown, pointer: string, problems: FieldProblem[]): void {
  if (!isObject(model)) {
    problems.push({
      pointer,
      detail: 'must be a ModelRef { family, variant, location, memoryMiB }',
    });
    return;
  }
  for (const field of ['family', 'variant', 'location'] as const) {
    if (typeof model[field] !== 'string' || model[field] === '')
      problems.push({ pointer: `${pointer}/${field}`, detail: 'must be a non-empty string' });
  }
  const memory = model.memoryMiB;
  if (typeof memory !== 'number' || !Number.isFinite(memory) || memory < 0) {
    problems.push({
      pointer: `${pointer}/memoryMiB`,
      detail: 'must be a number of MiB, at least 0',
    });
  }
  if (
    model.sha256 !== undefined &&
    (typeof model.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(model.sha256))
  ) {
    problems.push({ pointer: `${pointer}/sha256`, detail: 'must be 64 lower-case hex digits' });
  }
}
