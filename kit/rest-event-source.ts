/**
 * Events read through the planner's REST API (`GET /v1/events`, paged by cursor), as any
 * client of the planner can. It cannot wait for an event: a read that finds none holds for
 * `waitMs` before it answers, so a follower polls at that pace.
 */
import type { components } from '../openapi/types.ts';
import type { ApiClient } from '../src/client/api-client.ts';
import type { EventPage, EventSource } from './event-follower.ts';
import { pause } from './wait-until.ts';

type RestPage = components['schemas']['EventPage'];

/** Events per request: the API's largest page. */
const PAGE_LIMIT = 1000;

export class RestEventSource implements EventSource {
  private readonly closing = new AbortController();

  constructor(private readonly client: Pick<ApiClient, 'request'>) {}

  async newest(): Promise<string> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.page(cursor);
      cursor = page.next;
      if (page.complete) return cursor;
    }
  }

  async read(cursor: string | undefined, waitMs: number): Promise<EventPage> {
    const page = await this.page(cursor);
    if (page.items.length === 0) await pause(waitMs, this.closing.signal);
    return page;
  }

  async close(): Promise<void> {
    this.closing.abort(new Error('the event source is closed'));
  }

  private async page(cursor: string | undefined): Promise<EventPage> {
    const since = cursor === undefined ? '' : `since=${cursor}&`;
    const page = await this.client.request<RestPage>(
      'GET',
      `/v1/events?${since}limit=${PAGE_LIMIT}`,
    );
    return { items: page.items, next: page.next, complete: page.items.length < PAGE_LIMIT };
  }
}
