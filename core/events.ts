/**
 * Every event of the cluster's history with its payload, as the spec defines them (a `oneOf`
 * on `type` in `openapi/understudy.yaml`). Producers are checked against the payload of the
 * type they append; readers narrow on `event.type` and get that payload's fields, typed.
 */
import type { components } from '../openapi/types.ts';

/** One entry of the event history. */
export type ClusterEvent = components['schemas']['Event'];
export type EventType = components['schemas']['EventType'];

/** The event of one type. */
export type EventOf<T extends EventType> = Extract<ClusterEvent, { type: T }>;

/** The payload (`data`) of one type of event. */
export type EventData<T extends EventType> = EventOf<T>['data'];

/** An event about to be appended: its type and that type's payload. */
export type NewEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** The node an event is about (the agent's own, or the one a decision concerns), if any. */
export function nodeOf(event: ClusterEvent): string | undefined {
  return 'node' in event.data ? event.data.node : undefined;
}
