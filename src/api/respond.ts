import type { Response } from 'express';
import { DomainError } from '../../core/errors.ts';
import { entityTag } from './conditions.ts';

/** Sends one resource with its ETag; `created` answers 201 with a Location. */
export function sendResource(
  res: Response,
  body: object,
  revision: string,
  options: { created?: boolean; location?: string } = {},
): void {
  res.setHeader('ETag', entityTag(revision));
  if (options.created && options.location) res.setHeader('Location', options.location);
  res.status(options.created ? 201 : 200).json(body);
}

/** The value, or a 404 problem naming what was asked for. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', `no ${what}`);
  return value;
}

/** A path parameter the validator has already checked. */
export function param(value: string | string[] | undefined): string {
  if (typeof value !== 'string') throw new Error('route parameter missing after validation');
  return value;
}
