/**
 * Warm- and cold-activation times per zoo variant, measured from the events the agent
 * appends: the time from the instant this process appends `node.failed` (as a controller
 * would) to the `failover.served` event's `atMs`. Detection is not included: it is the
 * controller's. Each repetition starts from a freshly applied plan, so warm understudies are
 * idle and cold ones unloaded again. Progressive cold failover (smallest variant first, the
 * family's largest planned) is measured once per family.
 */
import { median, round } from '../../profiler/stats.ts';
import type { ZooManifest } from '../../profiler/zoo/zoo-manifest.ts';
import type { EventFollower } from '../../kit/event-follower.ts';
import type { PlanQueue } from '../../kit/plan-queue.ts';
import type { components } from '../../openapi/types.ts';
import type { EventLog } from '../../core/event-log.ts';
import type { ClusterEvent as Event, EventOf } from '../../core/events.ts';
import { nodeFailedData, nodeRecoveredData } from '../../kit/event-payloads.ts';
import type { KeepAliveClient } from './keep-alive-client.ts';

type Schemas = components['schemas'];
type ModelRef = Schemas['ModelRef'];

export interface VariantActivation {
  family: string;
  variant: string;
  fileMiB: number;
  /** Failure event appended → warm replica serving (median, ms). */
  warmMs: number;
  /** Failure event appended → cold replica loaded and serving (median, ms). */
  coldMs: number;
  /** The cold load alone, as the agent measured it (median, ms). */
  coldLoadMs: number;
  /** The first inference answered by the fresh cold replica, over HTTP (median, ms). */
  coldFirstAnswerMs: number;
}

export interface ProgressiveActivation {
  family: string;
  firstStep: string;
  planned: string;
  /** Failure → first step serving (median, ms). */
  servedMs: number;
  /** Failure → planned variant swapped in (median, ms). */
  upgradedMs: number;
}

export interface ActivationOptions {
  node: string;
  manifest: ZooManifest;
  ref: (family: string, variant: string) => ModelRef;
  /** A JSON inference body for a variant (input shapes differ). */
  bodyFor: (variant: string) => string;
  planQueue: PlanQueue;
  /** Where this process appends events as a controller would. */
  log: Pick<EventLog, 'append'>;
  /** Follows the events the agent appends. */
  events: EventFollower;
  client: KeepAliveClient;
  nowMs: () => number;
  repetitions: number;
  /** Newer than any plan the agent holds; each repetition applies the next version. */
  firstPlanVersion: number;
}

/** The plan slice that sets every variant up: warm idle, cold staged, one failover entry each. */
export function activationSlice(
  options: ActivationOptions,
  planVersion: number,
): Schemas['NodePlanSlice'] {
  const sessions: Schemas['SessionSpec'][] = [];
  const stage: ModelRef[] = [];
  const failover: Schemas['FailoverEntry'][] = [];
  for (const family of options.manifest.families) {
    for (const variant of family.variants) {
      const model = options.ref(family.id, variant.id);
      sessions.push({ app: `warm-${variant.id}`, role: 'understudy', serving: false, model });
      stage.push(model);
      failover.push({
        failedNode: `down-${variant.id}`,
        actions: [
          { app: `warm-${variant.id}`, mode: 'warm', model },
          { app: `cold-${variant.id}`, mode: 'cold', model },
        ],
      });
    }
    const first = family.variants[0];
    const last = family.variants.at(-1);
    if (first === undefined || last === undefined || first === last) continue;
    const planned = options.ref(family.id, last.id);
    const firstStep = options.ref(family.id, first.id);
    failover.push({
      failedNode: `down-progressive-${family.id}`,
      actions: [{ app: `prog-${family.id}`, mode: 'cold', model: planned, firstStep }],
    });
  }
  return {
    planVersion,
    node: options.node,
    createdAt: new Date().toISOString(),
    sessions,
    stage,
    failover,
  };
}

export async function measureActivation(
  options: ActivationOptions,
): Promise<{ variants: VariantActivation[]; progressive: ProgressiveActivation[] }> {
  const samples = new Map<
    string,
    { warm: number[]; cold: number[]; load: number[]; first: number[] }
  >();
  const progressive = new Map<string, { served: number[]; upgraded: number[] }>();
  for (let rep = 0; rep < options.repetitions; rep++) {
    const slice = activationSlice(options, options.firstPlanVersion + rep);
    await options.planQueue.mustApply(slice);
    // A node failed over once is acted on again only after it recovered.
    for (const entry of slice.failover)
      await options.log.append(
        'node.recovered',
        nodeRecoveredData({ node: entry.failedNode }),
        options.nowMs(),
      );
    for (const family of options.manifest.families) {
      for (const variant of family.variants) {
        const entry = samples.get(variant.id) ?? { warm: [], cold: [], load: [], first: [] };
        samples.set(variant.id, entry);
        const result = await failOne(options, family.id, variant.id);
        entry.warm.push(result.warmMs);
        entry.cold.push(result.coldMs);
        entry.load.push(result.loadMs);
        entry.first.push(result.firstAnswerMs);
      }
      if (family.variants.length < 2) continue;
      const entry = progressive.get(family.id) ?? { served: [], upgraded: [] };
      progressive.set(family.id, entry);
      const result = await failProgressive(options, family.id);
      entry.served.push(result.servedMs);
      entry.upgraded.push(result.upgradedMs);
    }
  }
  return {
    variants: summariseVariants(options.manifest, samples),
    progressive: summariseProgressive(options.manifest, progressive),
  };
}

async function failOne(options: ActivationOptions, family: string, variant: string) {
  const [warm, cold, failedAtMs] = await failAndAwait(options, `down-${variant}`, [
    served(`warm-${variant}`),
    served(`cold-${variant}`),
  ]);
  const started = performance.now();
  const answer = await options.client.post(
    `/v1/infer/cold-${variant}`,
    'application/json',
    options.bodyFor(variant),
  );
  const firstAnswerMs = performance.now() - started;
  if (answer.status !== 200)
    throw new Error(`cold-${variant} answered ${answer.status}: ${answer.body.toString()}`);
  return {
    warmMs: atMs(warm) - failedAtMs,
    coldMs: atMs(cold) - failedAtMs,
    loadMs: cold.data.loadMs ?? Number.NaN,
    firstAnswerMs,
  };
}

async function failProgressive(options: ActivationOptions, family: string) {
  const app = `prog-${family}`;
  const [first, upgraded, failedAtMs] = await failAndAwait(options, `down-progressive-${family}`, [
    served(app),
    upgradedOf(app),
  ]);
  return { servedMs: atMs(first) - failedAtMs, upgradedMs: atMs(upgraded) - failedAtMs };
}

/**
 * Appends `node.failed` for `node` as a controller would and resolves with the first event,
 * appended after it, that each matcher names, followed by the failure's instant.
 */
async function failAndAwait(
  options: ActivationOptions,
  node: string,
  [first, second]: [Matcher, Matcher],
): Promise<[FailoverEvent, FailoverEvent, number]> {
  const after = options.events.seen;
  const failedAtMs = options.nowMs();
  await options.log.append(
    'node.failed',
    nodeFailedData({ node, detectedAtMs: failedAtMs }),
    failedAtMs,
  );
  const wait = { after, timeoutMs: 60_000 };
  const [a, b] = await Promise.all([
    options.events.waitFor(first.what, first.match, wait),
    options.events.waitFor(second.what, second.match, wait),
  ]);
  return [a, b, failedAtMs];
}

type FailoverEvent = EventOf<'failover.served' | 'failover.upgraded'>;

interface Matcher {
  what: string;
  match: (event: Event) => event is FailoverEvent;
}

const served = (app: string): Matcher => ({
  what: `failover.served for ${app}`,
  match: (event): event is FailoverEvent =>
    event.type === 'failover.served' && event.data.app === app,
});

const upgradedOf = (app: string): Matcher => ({
  what: `failover.upgraded for ${app}`,
  match: (event): event is FailoverEvent =>
    event.type === 'failover.upgraded' && event.data.app === app,
});

function atMs(event: FailoverEvent): number {
  return event.data.atMs;
}

function summariseVariants(
  manifest: ZooManifest,
  samples: Map<string, { warm: number[]; cold: number[]; load: number[]; first: number[] }>,
): VariantActivation[] {
  return manifest.families.flatMap((family) =>
    family.variants.map((variant) => {
      const entry = samples.get(variant.id) ?? { warm: [0], cold: [0], load: [0], first: [0] };
      return {
        family: family.id,
        variant: variant.id,
        fileMiB: round(variant.fileBytes / 2 ** 20, 2),
        warmMs: round(median(entry.warm), 3),
        coldMs: round(median(entry.cold), 3),
        coldLoadMs: round(median(entry.load), 3),
        coldFirstAnswerMs: round(median(entry.first), 3),
      };
    }),
  );
}

function summariseProgressive(
  manifest: ZooManifest,
  samples: Map<string, { served: number[]; upgraded: number[] }>,
): ProgressiveActivation[] {
  return manifest.families.flatMap((family) => {
    const entry = samples.get(family.id);
    const first = family.variants[0];
    const last = family.variants.at(-1);
    if (entry === undefined || first === undefined || last === undefined) return [];
    return [
      {
        family: family.id,
        firstStep: first.id,
        planned: last.id,
        servedMs: round(median(entry.served), 3),
        upgradedMs: round(median(entry.upgraded), 3),
      },
    ];
  });
}
