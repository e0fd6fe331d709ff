import type { Request } from 'express';
import { DomainError } from '../../core/errors.ts';
import type { WriteConditions } from '../store/index.ts';

/** Parses `If-Match` / `If-None-Match` (RFC 9110 §13.1) into store write conditions. */
export function writeConditions(req: Request): WriteConditions {
  const conditions: WriteConditions = {};
  const ifMatch = req.get('if-match');
  if (ifMatch !== undefined) conditions.ifMatch = parseEntityTags(ifMatch);
  if (req.get('if-none-match') === '*') conditions.ifNoneMatch = '*';
  return conditions;
}

function parseEntityTags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  return header.split(',').map((raw) => {
    const match = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(raw);
    if (match?.[1] === undefined) {
      throw new DomainError('VALIDATION_FAILED', 'If-Match is not a list of entity tags', [
        { pointer: '/headers/if-match', detail: `"${raw.trim()}" is not an entity tag like "3"` },
      ]);
    }
    return match[1];
  });
}

/** The ETag header value for a revision. */
export function entityTag(revision: string): string {
  return `"${revision}"`;
}
