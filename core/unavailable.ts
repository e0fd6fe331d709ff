import { ReplyError } from 'ioredis';
import { DomainError, isDomainError } from './errors.ts';

/**
 * Runs a Redis operation, turning connection failures and timeouts into the catalog's
 * STORE_UNAVAILABLE. Replies that Redis itself refused (`ReplyError`: a bad script, a wrong
 * type) are bugs and pass through unchanged.
 */
export async function withStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isDomainError(error) || error instanceof ReplyError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('STORE_UNAVAILABLE', `Redis did not answer: ${reason}`);
  }
}
