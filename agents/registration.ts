/**
 * The node's entry in the cluster state: registered (upserted) at start with its capacity,
 * failure domain and address, and marked on the way out. An existing node keeps what an
 * operator set (labels, draining); the agent only updates what it knows. A node the
 * controller declared failed stays `down` when its agent starts again: it gets work back
 * only when the controller re-admits it after its hold-down. Each registration tells the
 * agent its incarnation epoch.
 */
import type { AgentStore } from './agent-store.ts';
import type { EventPublisher } from './event-publisher.ts';
import type { Incarnation } from './incarnation.ts';

export interface RegistrationOptions {
  store: AgentStore;
  events: EventPublisher;
  incarnation: Incarnation;
  nodeId: string;
  memoryMiB: number;
  domain?: string;
  /** `host:port` where clients reach the inference server. */
  address: string;
}

export class Registration {
  private readonly options: RegistrationOptions;

  constructor(options: RegistrationOptions) {
    this.options = options;
  }

  async register(): Promise<void> {
    const { store, nodeId, memoryMiB, domain, address } = this.options;
    await store.upsertNode(nodeId, {
      memoryMiB,
      address,
      ...(domain === undefined ? {} : { domain }),
    });
    const { status, epoch } = await store.liveness.register(nodeId, Date.now());
    this.options.incarnation.adopt(epoch);
    await this.options.events.publish('node.registered', {
      memoryMiB,
      address,
      domain: domain ?? null,
      status,
      epoch,
    });
  }

  /** SIGTERM: the node stops taking work (the router and controller see `draining`). */
  async markDraining(): Promise<void> {
    await this.options.store.liveness.setStatus(this.options.nodeId, 'draining');
  }

  /**
   * The node left on purpose: `down` with a `node.failed` event (cause `deregistered`) in one
   * compare-and-set, so its applications fail over to their understudies at once, without
   * waiting for detection — and exactly once, whatever the controller concludes meanwhile.
   */
  async deregister(reason: string): Promise<void> {
    const { store, nodeId } = this.options;
    const atMs = Date.now();
    await store.liveness.transition(nodeId, {
      from: ['up', 'suspect', 'draining'],
      to: 'down',
      atMs,
      event: {
        type: 'node.failed',
        data: {
          node: nodeId,
          cause: 'deregistered',
          reason,
          droppedAtMs: atMs,
          detectedAtMs: atMs,
        },
      },
    });
    await this.options.events.publish('node.deregistered', { reason });
  }
}
