/**
 * Events read straight from a prefix's Redis stream, on a connection of their own: a read
 * waits for the first new event with XREAD BLOCK, so a follower sees it the moment it is
 * appended.
 */
import { Redis } from 'ioredis';
import { EventLog } from '../core/event-log.ts';
import { Keys } from '../core/keys.ts';
import type { EventPage, EventSource } from './event-follower.ts';

/** Events per read. */
const PAGE_LIMIT = 500;

export class RedisEventSource implements EventSource {
  private readonly redis: Redis;
  private readonly log: EventLog;

  constructor(options: { redisUrl: string; prefix: string }) {
    this.redis = new Redis(options.redisUrl);
    this.redis.on('error', () => undefined); // reported through the rejected read
    this.log = new EventLog({ redis: this.redis, keys: new Keys(options.prefix) });
  }

  newest(): Promise<string> {
    return this.log.lastCursor();
  }

  async read(cursor: string | undefined, waitMs: number): Promise<EventPage> {
    const page =
      cursor === undefined
        ? await this.log.read({ limit: PAGE_LIMIT })
        : await this.log.readBlocking({ after: cursor, blockMs: waitMs, limit: PAGE_LIMIT });
    return { ...page, complete: page.items.length < PAGE_LIMIT };
  }

  /** Disconnects, which ends a blocked read at once. */
  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
