import { DomainError } from '../../core/errors.ts';
import type { FieldProblem } from '../../core/errors.ts';
import type { AppDoc, FamilyDoc } from './documents.ts';
import type { Keys } from '../../core/keys.ts';
import type { ResourceStore } from './resource-store.ts';

/**
 * Checks that an app's family, primary variant and pinned node exist, reporting every
 * missing one at once (422), and returns the revisions the write must find unchanged.
 */
export async function resolveAppReferences(
  app: AppDoc,
  deps: { resources: ResourceStore; keys: Keys },
): Promise<Array<{ key: string; revision: string }>> {
  const [family, node] = await Promise.all([
    deps.resources.get<FamilyDoc>('family', app.family),
    app.primaryNode === undefined ? undefined : deps.resources.get<object>('node', app.primaryNode),
  ]);
  const problems: FieldProblem[] = [];
  if (family === undefined) {
    problems.push({ pointer: '/body/family', detail: `no model family named "${app.family}"` });
  } else if (!family.doc.variants.some((variant) => variant.id === app.primaryVariant)) {
    const known = family.doc.variants.map((variant) => variant.id).join(', ');
    problems.push({
      pointer: '/body/primaryVariant',
      detail: `family "${app.family}" has no variant "${app.primaryVariant}"; it has: ${known}`,
    });
  }
  if (app.primaryNode !== undefined && node === undefined) {
    problems.push({ pointer: '/body/primaryNode', detail: `no node named "${app.primaryNode}"` });
  }
  if (problems.length > 0 || family === undefined) {
    throw new DomainError(
      'UNKNOWN_REFERENCE',
      `app ${app.id} refers to what does not exist`,
      problems,
    );
  }
  const guards = [{ key: deps.keys.resource('family', app.family), revision: family.revision }];
  if (app.primaryNode !== undefined && node !== undefined) {
    guards.push({ key: deps.keys.resource('node', app.primaryNode), revision: node.revision });
  }
  return guards;
}
