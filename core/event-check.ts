import type { Logger } from 'pino';
import type { FieldProblem } from './errors.ts';
import type { EventLogOptions } from './event-log.ts';
import { schemaCompiler } from './schema-validator.ts';
import type { SchemaValidator } from './schema-validator.ts';
import { readSpec } from './spec.ts';

/** How an event log checks what it reads: the spec's `Event` schema, and what to do on a miss. */
export type EventCheck = Required<Pick<EventLogOptions, 'validate' | 'onInvalid'>>;

/**
 * The check every planner and agent reads events with, compiled once from the spec at start;
 * an entry that does not match its type's payload is logged (with every problem) and skipped.
 * Each entry is checked against the one branch of the spec's `Event` its `type` names (the
 * `oneOf`'s discriminator): a twentieth of the cost of trying every branch, which matters to
 * readers that take a failover's burst of events on the recovery path.
 */
export function eventCheck(logger: Logger, spec: object = readSpec()): EventCheck {
  const byType = eventValidators(spec);
  return {
    validate: (entry) => {
      const type = (entry as { type?: unknown }).type;
      const validate = typeof type === 'string' ? byType.get(type) : undefined;
      return validate === undefined ? [unknownType(type)] : validate(entry);
    },
    onInvalid: ({ id, type, problems }) =>
      logger.warn({ id, type, problems }, 'skipped an event that does not match its schema'),
  };
}

/** Event type → the validator of its branch, from the `Event` schema's discriminator mapping. */
function eventValidators(spec: object): Map<string, SchemaValidator> {
  const event = (spec as { components: { schemas: { Event: EventSchema } } }).components.schemas
    .Event;
  const branches = Object.entries(event.discriminator.mapping).map(
    ([type, ref]) => [type, ref.slice(ref.lastIndexOf('/') + 1)] as const,
  );
  const compile = schemaCompiler(spec);
  return new Map(branches.map(([type, name]) => [type, compile(name)]));
}

interface EventSchema {
  discriminator: { mapping: Record<string, string> };
}

function unknownType(type: unknown): FieldProblem {
  return { pointer: '/type', detail: `is not an event type: ${JSON.stringify(type)}` };
}
