import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Keys, ResourceKind } from '../../core/keys.ts';
import { withStore } from '../../core/unavailable.ts';

const WRITE_RESOURCE = readFileSync(new URL('./lua/write-resource.lua', import.meta.url), 'utf8');

/** A resource document with its revision (the ETag). */
export interface Revisioned<T> {
  doc: T;
  revision: string;
}

/** One guarded write; see `lua/write-resource.lua` for the exact semantics. */
export interface ResourceWrite {
  kind: ResourceKind;
  id: string;
  /** The new document, or `null` to delete. */
  doc: object | null;
  /** The revision the resource must have now; `''` means it must not exist. */
  expectedRevision: string;
  /** Resources this one refers to, with the revision each must still have. */
  guards?: ReadonlyArray<{ key: string; revision: string }>;
  /** Reference sets that must be empty. */
  mustBeEmpty?: readonly string[];
  /** Reference sets to add the id to, and to remove it from. */
  addTo?: readonly string[];
  removeFrom?: readonly string[];
}

export type WriteOutcome =
  | { status: 'ok'; revision: string }
  | { status: 'stale'; currentRevision: string }
  | { status: 'stale-ref'; key: string }
  | { status: 'in-use'; key: string; member: string };

type WriteResourceReply = [string, string, string?];

/** Reads and guarded writes of resource documents; knows nothing of what they mean. */
export class ResourceStore {
  private readonly redis: Redis;
  private readonly keys: Keys;

  constructor(options: { redis: Redis; keys: Keys }) {
    this.redis = options.redis;
    this.keys = options.keys;
  }

  async get<T>(kind: ResourceKind, id: string): Promise<Revisioned<T> | undefined> {
    const [doc, revision] = await withStore(() =>
      this.redis.hmget(this.keys.resource(kind, id), 'doc', 'rev'),
    );
    if (doc === null || doc === undefined || !revision) return undefined;
    return { doc: JSON.parse(doc) as T, revision };
  }

  /** Every resource of a kind, ordered by id. */
  async list<T>(kind: ResourceKind): Promise<Array<Revisioned<T>>> {
    const ids = await withStore(() => this.redis.zrange(this.keys.index(kind), '0', '-1'));
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.keys.resource(kind, id), 'doc', 'rev');
    const replies = (await withStore(() => pipeline.exec())) ?? [];
    const items: Array<Revisioned<T>> = [];
    for (const [error, reply] of replies) {
      if (error) throw error;
      const [doc, revision] = reply as [string | null, string | null];
      if (doc && revision) items.push({ doc: JSON.parse(doc) as T, revision });
    }
    return items;
  }

  async members(key: string): Promise<string[]> {
    const members = await withStore(() => this.redis.smembers(key));
    return members.sort();
  }

  async write(request: ResourceWrite): Promise<WriteOutcome> {
    const guards = request.guards ?? [];
    const mustBeEmpty = request.mustBeEmpty ?? [];
    const addTo = request.addTo ?? [];
    const removeFrom = request.removeFrom ?? [];
    const keys = [
      this.keys.resource(request.kind, request.id),
      this.keys.index(request.kind),
      ...guards.map((guard) => guard.key),
      ...mustBeEmpty,
      ...addTo,
      ...removeFrom,
    ];
    const args = [
      request.id,
      request.doc === null ? '' : JSON.stringify(request.doc),
      request.expectedRevision,
      String(guards.length),
      String(mustBeEmpty.length),
      String(addTo.length),
      String(removeFrom.length),
      request.id,
      ...guards.map((guard) => guard.revision),
    ];
    const reply = (await withStore(() =>
      this.redis.eval(WRITE_RESOURCE, String(keys.length), ...keys, ...args),
    )) as WriteResourceReply;
    return parseReply(reply);
  }
}

function parseReply([status, first, second]: WriteResourceReply): WriteOutcome {
  switch (status) {
    case 'OK':
      return { status: 'ok', revision: first };
    case 'STALE':
      return { status: 'stale', currentRevision: first };
    case 'STALE_REF':
      return { status: 'stale-ref', key: first };
    case 'IN_USE':
      return { status: 'in-use', key: first, member: second ?? '' };
    default:
      throw new Error(`write-resource.lua returned an unknown status ${String(status)}`);
  }
}
