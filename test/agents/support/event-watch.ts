import { Redis } from 'ioredis';
import type { components } from '../../../openapi/types.ts';
import { createStore } from '../../../src/store/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { TEST_REDIS_URL } from '../../support/redis.ts';

type Event = components['schemas']['Event'];

/**
 * Follows a prefix's event stream from now on (XREAD BLOCK on its own connection), keeping
 * every event, so a test awaits what it expects instead of sleeping.
 */
export class EventWatch {
  readonly events: Event[] = [];
  /** A store on an ordinary connection, to append events as the controller would. */
  readonly store: Store;
  private readonly redis: Redis;
  private readonly follow: Redis;
  private readonly waiters = new Set<() => void>();
  private running = true;
  private loop: Promise<void> = Promise.resolve();

  private constructor(prefix: string) {
    this.redis = new Redis(TEST_REDIS_URL);
    this.follow = new Redis(TEST_REDIS_URL);
    this.store = createStore({ redis: this.redis, prefix });
  }

  static async start(prefix: string): Promise<EventWatch> {
    const watch = new EventWatch(prefix);
    const followLog = createStore({ redis: watch.follow, prefix }).events;
    const from = await followLog.lastCursor();
    watch.loop = watch.run(followLog, from);
    return watch;
  }

  /** Resolves with the first event (seen or to come) matching, or rejects after `timeoutMs`. */
  waitFor(match: (event: Event) => boolean, timeoutMs = 15_000): Promise<Event> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (found === undefined) return false;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events
          .map((event) => `${event.type} ${JSON.stringify(event.data)}`)
          .join('\n');
        reject(new Error(`the awaited event did not come within ${timeoutMs} ms; seen:\n${seen}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      check();
    });
  }

  /** Events of a type, optionally about one app, in stream order. */
  of(type: Event['type'], app?: string): Event[] {
    return this.events.filter(
      (event) => event.type === type && (app === undefined || event.data.app === app),
    );
  }

  async close(): Promise<void> {
    this.running = false;
    this.follow.disconnect();
    await this.loop;
    this.redis.disconnect();
  }

  private async run(log: Store['events'], from: string): Promise<void> {
    let cursor = from;
    while (this.running) {
      try {
        const page = await log.readBlocking({ after: cursor, blockMs: 1_000, limit: 500 });
        cursor = page.next;
        this.events.push(...page.items);
        for (const waiter of [...this.waiters]) waiter();
      } catch {
        if (!this.running) return;
      }
    }
  }
}
