import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { FieldProblem } from './errors.ts';
import type { ClusterEvent, EventData, EventType } from './events.ts';
import type { Keys } from './keys.ts';
import type { SchemaValidator } from './schema-validator.ts';
import { withStore } from './unavailable.ts';

const APPEND_ONCE = readFileSync(new URL('./lua/append-once.lua', import.meta.url), 'utf8');

/** Approximate number of events the stream keeps; older ones are trimmed. */
export const EVENT_STREAM_MAX_LENGTH = 100_000;

/** Options for {@link EventLog}. */
export interface EventLogOptions {
  redis: Redis;
  keys: Keys;
  /** Clock in epoch ms; injectable for tests. Default `Date.now`. */
  nowMs?: () => number;
  /** Approximate number of events kept; older ones are trimmed. Default 100 000. */
  maxLength?: number;
  /**
   * Checks every entry read against the spec's `Event` schema (`compileSchemaValidator(spec,
   * 'Event')`): readers get events whose payload is what its type says, or not at all. An
   * entry that fails (written by another version, or by hand) is passed to `onInvalid` and
   * skipped; the cursor moves past it. Default: entries are trusted as written.
   */
  validate?: SchemaValidator;
  onInvalid?: (entry: { id: string; type: string; problems: FieldProblem[] }) => void;
}

/**
 * The cluster's event history, a Redis Stream. An event's cursor is its stream id, so
 * readers page with `since` and never miss or repeat an event.
 */
export class EventLog {
  private readonly redis: Redis;
  private readonly keys: Keys;
  private readonly nowMs: () => number;
  private readonly maxLength: number;
  private readonly validate: SchemaValidator | undefined;
  private readonly onInvalid: NonNullable<EventLogOptions['onInvalid']>;

  constructor(options: EventLogOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.nowMs = options.nowMs ?? Date.now;
    this.maxLength = options.maxLength ?? EVENT_STREAM_MAX_LENGTH;
    this.validate = options.validate;
    this.onInvalid = options.onInvalid ?? (() => undefined);
  }

  /** Appends an event and returns its cursor. `atMs` defaults to now. */
  async append<T extends EventType>(
    type: T,
    data: EventData<T>,
    atMs = this.nowMs(),
  ): Promise<string> {
    const id = await withStore(() =>
      this.redis.xadd(
        this.keys.events(),
        'MAXLEN',
        '~',
        this.maxLength,
        '*',
        'type',
        type,
        'at',
        String(atMs),
        'data',
        JSON.stringify(data),
      ),
    );
    if (id === null) throw new Error('XADD returned no id');
    return id;
  }

  /**
   * Appends an event unless one was already appended under the same `once` name (within
   * `ttlMs`): the marker and the event are written in one atomic step. Returns the event's
   * cursor, or undefined when it had been recorded before.
   */
  async appendOnce<T extends EventType>(
    once: string,
    ttlMs: number,
    type: T,
    data: EventData<T>,
    atMs = this.nowMs(),
  ): Promise<string | undefined> {
    const id = (await withStore(() =>
      this.redis.eval(
        APPEND_ONCE,
        2,
        this.keys.once(once),
        this.keys.events(),
        String(ttlMs),
        type,
        JSON.stringify(data),
        String(atMs),
        String(this.maxLength),
      ),
    )) as string | null;
    return id ?? undefined;
  }

  /** Up to `limit` events after the cursor `since` (exclusive), oldest first. */
  async read(options: {
    since?: string;
    limit: number;
  }): Promise<{ items: ClusterEvent[]; next: string }> {
    const start = options.since === undefined ? '-' : `(${options.since}`;
    const entries = await withStore(() =>
      this.redis.xrange(this.keys.events(), start, '+', 'COUNT', options.limit),
    );
    const items = this.parse(entries);
    const next = entries.at(-1)?.[0] ?? options.since ?? '0-0';
    return { items, next };
  }

  /**
   * The cursor of the newest event, or `0-0` when there is none. Following from it sees
   * exactly what is appended afterwards — XREAD's `$`, without `$`'s gap between two calls.
   */
  async lastCursor(): Promise<string> {
    const newest = await withStore(() =>
      this.redis.xrevrange(this.keys.events(), '+', '-', 'COUNT', 1),
    );
    return newest[0]?.[0] ?? '0-0';
  }

  /**
   * Up to `limit` events after the cursor `after` (exclusive), waiting up to `blockMs` for the
   * first one (XREAD BLOCK): followers see an event as soon as it is appended, without
   * polling. The command holds its connection while it waits, so give this EventLog a Redis
   * connection of its own whose command timeout is longer than `blockMs`.
   */
  async readBlocking(options: {
    after: string;
    blockMs: number;
    limit: number;
  }): Promise<{ items: ClusterEvent[]; next: string }> {
    const reply = await withStore(() =>
      this.redis.xread(
        'COUNT',
        options.limit,
        'BLOCK',
        options.blockMs,
        'STREAMS',
        this.keys.events(),
        options.after,
      ),
    );
    const entries = reply?.[0]?.[1] ?? [];
    return { items: this.parse(entries), next: entries.at(-1)?.[0] ?? options.after };
  }

  /** The entries as events, less those that fail the check. */
  private parse(entries: Array<[string, string[]]>): ClusterEvent[] {
    const events: ClusterEvent[] = [];
    for (const [id, fields] of entries) {
      const entry = toEntry(id, fields);
      const problems = this.validate?.(entry) ?? [];
      if (problems.length === 0) events.push(entry as ClusterEvent);
      else this.onInvalid({ id, type: String(entry.type), problems });
    }
    return events;
  }
}

/** A stream entry in the wire form of an event; what it holds is checked by the caller. */
function toEntry(id: string, fields: string[]): Record<string, unknown> {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i] ?? '', fields[i + 1] ?? '');
  const atMs = Number(values.get('at'));
  return {
    id,
    type: values.get('type'),
    at: new Date(atMs).toISOString(),
    atMs,
    data: parseData(values.get('data')),
  };
}

function parseData(json: string | undefined): unknown {
  try {
    return JSON.parse(json ?? '{}') as unknown;
  } catch {
    return json;
  }
}
