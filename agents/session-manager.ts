/**
 * The sessions this node holds, per application, and which one serves each application.
 * Loads go through the priority queue and the memory budget; `active(app)` is the inference
 * server's O(1) lookup. Nothing here touches Redis.
 */
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import { LoadQueue } from './load-queue.ts';
import type { LoadPriority } from './load-queue.ts';
import { MemoryBudget } from './memory-budget.ts';
import type { ModelLoader } from './model-loader.ts';
import { modelLabel, sameModel } from './replica.ts';
import type { ModelRef, Replica, SessionRole } from './replica.ts';

export interface LoadRequest {
  app: string;
  role: SessionRole;
  serving: boolean;
  model: ModelRef;
  /** The staged local file. */
  path: string;
  priority: LoadPriority;
  /** Run one inference on zeros before the replica can serve. */
  prime: boolean;
  /** Set by failover: the failed node this replica takes over from. */
  activatedFor?: string;
}

export interface SessionManagerOptions {
  capacityMiB: number;
  loader: ModelLoader;
  clock: Clock;
  logger: Logger;
}

export class SessionManager {
  readonly budget: MemoryBudget;
  private readonly loader: ModelLoader;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly queue = new LoadQueue();
  private readonly held = new Map<number, Replica>();
  private readonly serving = new Map<string, Replica>();
  private readonly pending = new Map<string, Promise<Replica>>();
  private nextId = 1;
  private loads = 0;

  constructor(options: SessionManagerOptions) {
    this.budget = new MemoryBudget({ capacityMiB: options.capacityMiB });
    this.loader = options.loader;
    this.clock = options.clock;
    this.logger = options.logger;
  }

  /** Sessions built since start: a reload shows here even when ids are reused. */
  get loadCount(): number {
    return this.loads;
  }

  replicas(): Replica[] {
    return [...this.held.values()];
  }

  replicasOf(app: string): Replica[] {
    return this.replicas().filter((replica) => replica.app === app);
  }

  /** The replica answering for `app`: the serving one activated last. */
  active(app: string): Replica | undefined {
    return this.serving.get(app);
  }

  find(app: string, model: ModelRef): Replica | undefined {
    return this.replicas().find(
      (replica) => replica.app === app && sameModel(replica.model, model),
    );
  }

  /**
   * Loads a replica when its turn in the queue comes, reserving its planned memory first
   * (MEMORY_BUDGET_EXCEEDED when it does not fit). A second request for the same app and
   * model while the first is under way gets the same replica.
   */
  load(request: LoadRequest): Promise<Replica> {
    const key = `${request.app}\u0000${modelLabel(request.model)}`;
    const underway = this.pending.get(key);
    if (underway !== undefined) return underway;
    const loading = this.queue
      .run(request.priority, () => this.loadNow(request))
      .finally(() => this.pending.delete(key));
    this.pending.set(key, loading);
    return loading;
  }

  /** Makes `replica` the app's serving replica; returns when that happened (epoch ms). */
  activate(replica: Replica, activatedFor?: string): number {
    const atMs = this.clock.nowMs();
    replica.serving = true;
    replica.activatedAtMs = atMs;
    if (activatedFor !== undefined) replica.activatedFor = activatedFor;
    if (this.held.has(replica.id)) this.serving.set(replica.app, replica);
    return atMs;
  }

  /** Applies a plan's role and serving flag to a replica it keeps. */
  setRole(replica: Replica, role: SessionRole, serving: boolean): void {
    replica.role = role;
    if (serving && !replica.serving) this.activate(replica);
    if (!serving && replica.serving) {
      replica.serving = false;
      this.refreshServing(replica.app);
    }
  }

  /**
   * Releases a replica's session and memory. Idempotent. The replica stops taking requests at
   * once; the session is released only after the runs already under way have finished (a
   * progressive swap unloads the first step while it may still be answering).
   */
  async unload(replica: Replica): Promise<void> {
    if (!this.held.delete(replica.id)) return;
    this.refreshServing(replica.app);
    await Promise.allSettled([...replica.inFlight]);
    await replica.session.release().catch((error: unknown) => {
      this.logger.warn({ err: error, app: replica.app }, 'releasing a session failed');
    });
    this.budget.release(replica.model.memoryMiB);
  }

  async unloadAll(): Promise<void> {
    for (const replica of this.replicas()) await this.unload(replica);
  }

  private async loadNow(request: LoadRequest): Promise<Replica> {
    const label = `${request.app} (${modelLabel(request.model)})`;
    this.budget.reserve(request.model.memoryMiB, `loading ${label}`);
    try {
      const loaded = await this.loader.load(request.path, request.model, { prime: request.prime });
      this.loads++;
      const replica: Replica = {
        id: this.nextId++,
        app: request.app,
        model: request.model,
        role: request.role,
        serving: false,
        session: loaded.session,
        signature: loaded.signature,
        renaming: loaded.renaming,
        measuredMiB: loaded.measuredMiB,
        loadMs: loaded.loadMs,
        loadedAtMs: this.clock.nowMs(),
        inFlight: new Set(),
      };
      this.held.set(replica.id, replica);
      if (request.serving) this.activate(replica, request.activatedFor);
      this.logger.info(
        { app: request.app, model: modelLabel(request.model), loadMs: loaded.loadMs },
        'loaded',
      );
      return replica;
    } catch (error) {
      this.budget.release(request.model.memoryMiB);
      throw error;
    }
  }

  private refreshServing(app: string): void {
    let newest: Replica | undefined;
    for (const replica of this.held.values()) {
      if (replica.app !== app || !replica.serving) continue;
      if (newest === undefined || (replica.activatedAtMs ?? 0) > (newest.activatedAtMs ?? 0))
        newest = replica;
    }
    if (newest === undefined) this.serving.delete(app);
    else this.serving.set(app, newest);
  }
}
