/**
 * Follows a round's event stream straight from Redis (every event, paged by cursor), so the
 * round can wait for what the planner and the agents report and read it all back at the end.
 */
import type { components } from '../../openapi/types.ts';
import type { Store } from '../../src/store/index.ts';

type Event = components['schemas']['Event'];

const PAGE = 500;
const POLL_MS = 10;

export class EventFollower {
  readonly events: Event[] = [];
  private cursor: string | undefined;
  private readonly store: Pick<Store, 'events'>;

  constructor(store: Pick<Store, 'events'>) {
    this.store = store;
  }

  /** Reads every event appended since the last call. */
  async poll(): Promise<Event[]> {
    for (;;) {
      const page = await this.store.events.read({
        limit: PAGE,
        ...(this.cursor === undefined ? {} : { since: this.cursor }),
      });
      this.events.push(...page.items);
      this.cursor = page.next;
      if (page.items.length < PAGE) return this.events;
    }
  }

  /** Resolves with the first event matching, or undefined after `timeoutMs`. */
  async waitFor(match: (event: Event) => boolean, timeoutMs: number): Promise<Event | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.poll()).find(match);
      if (found !== undefined || Date.now() >= deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
