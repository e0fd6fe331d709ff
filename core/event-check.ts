import type { Logger } from 'pino';
import type { EventLogOptions } from './event-log.ts';
import { compileSchemaValidator } from './schema-validator.ts';
import { readSpec } from './spec.ts';

/** How an event log checks what it reads: the spec's `Event` schema, and what to do on a miss. */
export type EventCheck = Required<Pick<EventLogOptions, 'validate' | 'onInvalid'>>;

/**
 * The check every planner and agent reads events with: compiled once from the spec at start;
 * an entry that does not match its type's payload is logged (with every problem) and skipped.
 */
export function eventCheck(logger: Logger, spec: object = readSpec()): EventCheck {
  return {
    validate: compileSchemaValidator(spec, 'Event'),
    onInvalid: ({ id, type, problems }) =>
      logger.warn({ id, type, problems }, 'skipped an event that does not match its schema'),
  };
}
