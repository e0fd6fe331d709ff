/**
 * Referential integrity of a planning problem: what a JSON Schema cannot say. Ids must be
 * unique where they name something, and every reference must resolve. Returns every problem at
 * once, each with a JSON Pointer, so a caller can report them all.
 */
import type { FieldProblem } from '../core/errors.ts';
import type { PlanningProblemInput } from './wire.ts';

export function checkReferences(problem: PlanningProblemInput): FieldProblem[] {
  const errors: FieldProblem[] = [];
  const nodeIds = uniqueIds(problem.nodes, '/nodes', 'node', errors);
  const familyIds = uniqueIds(problem.families, '/families', 'family', errors);
  problem.families.forEach((family, f) => {
    uniqueIds(family.variants, `/families/${f}/variants`, 'variant', errors);
  });
  uniqueIds(problem.apps, '/apps', 'application', errors);
  problem.apps.forEach((app, i) => {
    const at = `/apps/${i}`;
    const family = familyIds.get(app.family);
    if (family === undefined) {
      errors.push({ pointer: `${at}/family`, detail: `unknown family '${app.family}'` });
    } else {
      const variants = problem.families[family]?.variants ?? [];
      if (!variants.some((v) => v.id === app.primaryVariant)) {
        const known = variants.map((v) => v.id).join(', ');
        errors.push({
          pointer: `${at}/primaryVariant`,
          detail: `unknown variant '${app.primaryVariant}' of family '${app.family}' (it has: ${known})`,
        });
      }
    }
    if (app.primaryNode !== undefined && !nodeIds.has(app.primaryNode)) {
      errors.push({ pointer: `${at}/primaryNode`, detail: `unknown node '${app.primaryNode}'` });
    }
  });
  return errors;
}

/** Maps each id to its first index; reports every later duplicate. */
function uniqueIds(
  items: readonly { id: string }[],
  pointer: string,
  what: string,
  errors: FieldProblem[],
): Map<string, number> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else {
      errors.push({
        pointer: `${pointer}/${i}/id`,
        detail: `duplicate ${what} id '${item.id}' (first at ${pointer}/${first})`,
      });
    }
  });
  return seen;
}
