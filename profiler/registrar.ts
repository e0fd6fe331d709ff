/**
 * Registering profiled variants and zoo families with the planner: the interface the commands
 * are written against, and the parsing of their flags. The HTTP implementation is
 * `src/client/api-registrar.ts`; the profiler itself does no network I/O.
 */
import { DomainError } from '../core/errors.ts';
import { ID_PATTERN } from './variant-id.ts';
import type { ModelFamily, Variant } from './variant.ts';

export interface FamilyRegistrar {
  /** Resolves when the planner answers, so an unreachable one fails before any profiling. */
  ready(): Promise<void>;
  /** Creates or replaces a model family with all its variants. */
  putFamily(family: ModelFamily): Promise<void>;
  /**
   * Creates or replaces one variant of a family; creates the family (of `task`, its signature
   * the variant's) when the planner has none of that name. Says which it did.
   */
  putVariant(familyId: string, variant: Variant, task: string): Promise<'variant' | 'family'>;
}

export interface ApiTarget {
  /** Base URL of the planner API, e.g. http://localhost:8080. */
  readonly apiUrl: string;
  readonly token?: string;
}

export interface RegisterTarget {
  readonly familyId: string;
  readonly variantId: string;
}

/** Parses `--register FAMILY/VARIANT`. */
export function parseRegisterTarget(value: string): RegisterTarget {
  const parts = value.split('/');
  const [familyId, variantId] = parts;
  if (
    parts.length !== 2 ||
    familyId === undefined ||
    variantId === undefined ||
    !ID_PATTERN.test(familyId) ||
    !ID_PATTERN.test(variantId)
  ) {
    throw new DomainError(
      'OPTION_INVALID',
      `--register ${value}: expected FAMILY/VARIANT, each of lower-case letters, digits, '.', '_' or '-'`,
    );
  }
  return { familyId, variantId };
}

/** Checks `--api` is an http(s) URL. */
export function parseApiUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError(
      'OPTION_INVALID',
      `--api ${value}: not a URL (expected e.g. http://localhost:8080)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError(
      'OPTION_INVALID',
      `--api ${value}: only http and https URLs are supported`,
    );
  }
  return url;
}
