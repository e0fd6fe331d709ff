/**
 * Follows the planner's event history (`GET /v1/events`, paged by cursor) in the background
 * and keeps every event seen, so the demo can await "the event that says X happened".
 */
import type { components } from '../openapi/types.ts';
import type { ApiClient } from '../src/client/api-client.ts';
import { waitUntil } from './wait-until.ts';
import type { WaitOptions } from './wait-until.ts';

export type DemoEvent = components['schemas']['Event'];
type EventPage = components['schemas']['EventPage'];

const PAGE_LIMIT = 1000;

export interface EventFollowerOptions {
  client: Pick<ApiClient, 'request'>;
  /** Time between polls, in ms. Default 25. */
  pollIntervalMs?: number;
}

export class EventFollower {
  readonly events: DemoEvent[] = [];
  private cursor: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: EventFollowerOptions) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** Every event seen so far of this type. */
  ofType(type: DemoEvent['type']): DemoEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  /** Resolves with the first event, seen or still to come, that matches. */
  waitFor(
    what: string,
    match: (event: DemoEvent) => boolean,
    options: WaitOptions,
  ): Promise<DemoEvent> {
    return waitUntil(what, () => this.events.find(match), options);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => this.schedule(this.options.pollIntervalMs ?? 25));
    }, delayMs);
  }

  private async poll(): Promise<void> {
    try {
      for (;;) {
        const since = this.cursor === undefined ? '' : `since=${this.cursor}&`;
        const page = await this.options.client.request<EventPage>(
          'GET',
          `/v1/events?${since}limit=${PAGE_LIMIT}`,
        );
        this.cursor = page.next;
        this.events.push(...page.items);
        if (page.items.length < PAGE_LIMIT || this.stopped) return;
      }
    } catch {
      // The planner may be busy; the next poll reads on from the same cursor.
    }
  }
}
