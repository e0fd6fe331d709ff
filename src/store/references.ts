import type { Keys, ResourceKind } from '../../core/keys.ts';
import type { AppDoc, FamilyDoc } from './documents.ts';

/**
 * What a resource refers to and what refers to it, as Redis reference sets. The write path
 * adds a resource to the sets of what it uses, and refuses a change while a set it would break
 * is not empty. One function per kind keeps the rules in one readable place.
 */
export interface References {
  /** Sets this resource belongs to because of what it uses. */
  memberOf: string[];
  /** Sets that must be empty before the change (`next` null means a delete). */
  mustBeEmpty: string[];
}

export function referencesOf(
  keys: Keys,
  kind: ResourceKind,
  previous: object | undefined,
  next: object | null,
): References {
  switch (kind) {
    case 'node':
      return { memberOf: [], mustBeEmpty: next === null ? [keys.nodePins(idOf(previous))] : [] };
    case 'family':
      return familyReferences(keys, previous as FamilyDoc | undefined, next as FamilyDoc | null);
    case 'app':
      return { memberOf: next === null ? [] : appSets(keys, next as AppDoc), mustBeEmpty: [] };
  }
}

/** The reference sets an app is a member of. */
export function appSets(keys: Keys, app: AppDoc): string[] {
  const sets = [keys.variantUsers(app.family, app.primaryVariant)];
  if (app.primaryNode !== undefined) sets.push(keys.nodePins(app.primaryNode));
  return sets;
}

function familyReferences(
  keys: Keys,
  previous: FamilyDoc | undefined,
  next: FamilyDoc | null,
): References {
  if (previous === undefined) return { memberOf: [], mustBeEmpty: [] };
  const kept = new Set(next?.variants.map((variant) => variant.id) ?? []);
  const removed = previous.variants.filter((variant) => !kept.has(variant.id));
  return {
    memberOf: [],
    mustBeEmpty: removed.map((variant) => keys.variantUsers(previous.id, variant.id)),
  };
}

function idOf(doc: object | undefined): string {
  if (doc === undefined || !('id' in doc) || typeof doc.id !== 'string') {
    throw new Error('a delete needs the current document');
  }
  return doc.id;
}
