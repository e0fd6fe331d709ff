import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { components } from '../openapi/types.ts';
import type { Keys } from './keys.ts';
import { withStore } from './unavailable.ts';

type Event = components['schemas']['Event'];
type EventType = components['schemas']['EventType'];

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

  constructor(options: EventLogOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.nowMs = options.nowMs ?? Date.now;
    this.maxLength = options.maxLength ?? EVENT_STREAM_MAX_LENGTH;
  }

  /** Appends an event and returns its cursor. `atMs` defaults to now. */
  async append(
    type: EventType,
    data: Record<string, unknown>,
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
  async appendOnce(
    once: string,
    ttlMs: number,
    type: EventType,
    data: Record<string, unknown>,
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
  }): Promise<{ items: Event[]; next: string }> {
    const start = options.since === undefined ? '-' : `(${options.since}`;
    const entries = await withStore(() =>
      this.redis.xrange(this.keys.events(), start, '+', 'COUNT', options.limit),
    );
    const items = entries.map(([id, fields]) => toEvent(id, fields));
    const next = items.at(-1)?.id ?? options.since ?? '0-0';
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
  }): Promise<{ items: Event[]; next: string }> {
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
    const items = entries.map(([id, fields]) => toEvent(id, fields));
    return { items, next: items.at(-1)?.id ?? options.after };
  }
}

function toEvent(id: string, fields: string[]): Event {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i] ?? '', fields[i + 1] ?? '');
  const atMs = Number(values.get('at'));
  return {
    id,
    type: values.get('type') as EventType,
    at: new Date(atMs).toISOString(),
    atMs,
    data: JSON.parse(values.get('data') ?? '{}') as Record<string, unknown>,
  };
}
