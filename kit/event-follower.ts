/**
 * Follows the planner's event history in the background and keeps every event seen, so a
 * caller awaits "the event that says X happened" instead of sleeping, and reads everything
 * back at the end. Where the events come from is a source: the REST API
 * (`RestEventSource`, for a client of the planner) or the Redis stream itself
 * (`RedisEventSource`, which sees an event the moment it is appended).
 */
import type { ClusterEvent as Event, EventOf, EventType } from '../core/events.ts';
import { pause, waitUntil } from './wait-until.ts';
import type { WaitOptions } from './wait-until.ts';

/** One read of a source. */
export interface EventPage {
  items: Event[];
  /** The cursor to read on from. */
  next: string;
  /** True when the source had nothing more after `next` at the time of the read. */
  complete: boolean;
}

/** Where a follower reads events from. */
export interface EventSource {
  /** The newest event's cursor now (`0-0` when there is none). */
  newest(): Promise<string>;
  /**
   * The events after `cursor` (exclusive; undefined reads from the start), oldest first. A
   * source that can wait for the first one (XREAD BLOCK) may hold the call up to `waitMs`.
   */
  read(cursor: string | undefined, waitMs: number): Promise<EventPage>;
  /** Ends a read under way and releases what the source holds. */
  close(): Promise<void>;
}

export interface EventFollowerOptions {
  source: EventSource;
  /** Every event from the start of the stream (default), or only those appended from now. */
  from?: 'start' | 'now';
  /**
   * How long one read may wait for an event, in ms, and the pause after a read that found
   * nothing from a source that cannot wait. Default 25.
   */
  waitMs?: number;
}

/** Options of a wait for an event. */
export interface EventWaitOptions extends WaitOptions {
  /** Only events after the first `after` seen (a `seen` count taken earlier). Default 0. */
  after?: number;
}

export class EventFollower {
  /** Every event seen so far, in stream order. */
  readonly events: Event[] = [];
  private readonly source: EventSource;
  private readonly waitMs: number;
  private cursor: string | undefined;
  private running = true;
  private loop: Promise<void> = Promise.resolve();
  /** Reads sent so far, and the last one of them that found the source complete. */
  private readsSent = 0;
  private lastCompleteRead = 0;

  private constructor(options: EventFollowerOptions) {
    this.source = options.source;
    this.waitMs = options.waitMs ?? 25;
  }

  /** Starts following; resolves once it knows where to begin. */
  static async start(options: EventFollowerOptions): Promise<EventFollower> {
    const follower = new EventFollower(options);
    if (options.from === 'now') follower.cursor = await options.source.newest();
    follower.loop = follower.follow();
    return follower;
  }

  /** How many events have been seen so far. */
  get seen(): number {
    return this.events.length;
  }

  /** Every event seen so far of this type, optionally about one application. */
  ofType<T extends EventType>(type: T, app?: string): Array<EventOf<T>> {
    return this.events.filter(
      (event): event is EventOf<T> =>
        event.type === type && (app === undefined || appOf(event) === app),
    );
  }

  /** Resolves with the first event of this type, seen or still to come, that matches. */
  waitForType<T extends EventType>(
    what: string,
    type: T,
    match: (event: EventOf<T>) => boolean = () => true,
    options: EventWaitOptions = {},
  ): Promise<EventOf<T>> {
    return this.waitFor(
      what,
      (event) => event.type === type && match(event as EventOf<T>),
      options,
    ) as Promise<EventOf<T>>;
  }

  /** Resolves with the first event, seen or still to come, that matches. */
  waitFor<E extends Event>(
    what: string,
    match: (event: Event) => event is E,
    options?: EventWaitOptions,
  ): Promise<E>;
  waitFor(
    what: string,
    match: (event: Event) => boolean,
    options?: EventWaitOptions,
  ): Promise<Event>;
  waitFor(
    what: string,
    match: (event: Event) => boolean,
    options: EventWaitOptions = {},
  ): Promise<Event> {
    const { after = 0, ...wait } = options;
    return waitUntil(what, () => this.events.slice(after).find(match), { intervalMs: 5, ...wait });
  }

  /** Resolves with every event seen once it has seen all those appended before the call. */
  async caughtUp(options: WaitOptions = {}): Promise<readonly Event[]> {
    const since = this.readsSent;
    await waitUntil(
      'the event follower to catch up',
      () => (this.lastCompleteRead > since ? true : undefined),
      { intervalMs: 5, ...options },
    );
    return this.events;
  }

  /** Stops following; resolves once the read under way has ended. */
  async stop(): Promise<void> {
    this.running = false;
    await this.source.close();
    await this.loop;
  }

  private async follow(): Promise<void> {
    while (this.running) {
      const read = ++this.readsSent;
      let page: EventPage;
      try {
        page = await this.source.read(this.cursor, this.waitMs);
      } catch {
        // The planner may be busy or the read cut short by `stop`; read on from the same cursor.
        if (this.running) await pause(this.waitMs);
        continue;
      }
      this.cursor = page.next;
      this.events.push(...page.items);
      if (page.complete) this.lastCompleteRead = read;
    }
  }
}

/** The application an event is about, if it is about one. */
function appOf(event: Event): string | undefined {
  return 'app' in event.data ? event.data.app : undefined;
}
