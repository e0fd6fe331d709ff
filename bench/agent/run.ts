/**
 * The agent benchmark, one run, side by side:
 *   - inference overhead of the agent's HTTP path over a bare `session.run` on the same model
 *     (p50, p99; JSON and tensor-frame forms) — target p50 ≤ 0.5 ms for JSON on a small model;
 *   - what express + express-openapi-validator would add to that path (why the agent does not
 *     use them there);
 *   - warm- and cold-activation times per zoo variant, and progressive cold activation per
 *     family, from the agent's own event timestamps.
 * Prints one JSON document (stdout, or `--out FILE`) and a short table on stderr. The machine
 * is noisy: figures are medians / nearest-rank percentiles over interleaved rounds.
 *
 *   npx tsx bench/agent/run.ts [--out FILE] [--rounds 5] [--iterations 400] [--repetitions 5]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InferenceSession } from 'onnxruntime-node';
import { Redis } from 'ioredis';
import { machineInfo } from '../machine.ts';
import { createPreciseClock } from '../../agents/clock.ts';
import { buildZoo } from '../../profiler/zoo/build-zoo.ts';
import type { ZooManifest } from '../../profiler/zoo/zoo-manifest.ts';
import type { components } from '../../openapi/types.ts';
import { measureActivation } from './activation.ts';
import { agentTable } from './agent-table.ts';
import { EventFollower } from '../../kit/event-follower.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { deletePrefixKeys } from '../../kit/prefix-keys.ts';
import { RedisEventSource } from '../../kit/redis-event-source.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { createStore } from '../../src/store/index.ts';
import { KeepAliveClient } from './keep-alive-client.ts';
import { measureOverhead } from './overhead.ts';
import type { OverheadCase, OverheadResult } from './overhead.ts';
import { measureValidatorCost } from './validator-cost.ts';
import type { ValidatorCost } from './validator-cost.ts';

type ModelRef = components['schemas']['ModelRef'];

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    iterations: { type: 'string', default: '400' },
    repetitions: { type: 'string', default: '5' },
    redis: {
      type: 'string',
      default: process.env.UNDERSTUDY_REDIS_URL ?? 'redis://127.0.0.1:6379',
    },
  },
});
const settings = {
  rounds: Number(flags.rounds),
  iterationsPerRound: Number(flags.iterations),
  warmup: 50,
  repetitions: Number(flags.repetitions),
};
const redisUrl = flags.redis;
const prefix = `bench-agent-${process.pid}`;
const NODE = 'bench-node';
const clock = createPreciseClock();

/** The models whose overhead is measured: the smallest (the target's "small model") and two image models. */
const OVERHEAD_MODELS = [
  { family: 'linear-probe', variant: 'probe_small', input: 'features', dims: [1, 512] },
  { family: 'mobilenet-like', variant: 'mobilenet_v3_small', input: 'image', dims: [1, 3, 32, 32] },
  { family: 'resnet-like', variant: 'resnet50', input: 'image', dims: [1, 3, 32, 32] },
];

function refOf(manifest: ZooManifest, dir: string) {
  return (family: string, variant: string): ModelRef => {
    const entry = manifest.families
      .find((f) => f.id === family)
      ?.variants.find((v) => v.id === variant);
    if (entry === undefined) throw new Error(`no zoo variant ${family}/${variant}`);
    return {
      family,
      variant,
      location: join(dir, entry.file),
      sha256: entry.sha256,
      memoryMiB: 10,
    };
  };
}

/** A JSON inference body per variant, shaped from the model's own input metadata. */
async function inputBodies(
  manifest: ZooManifest,
  ref: ReturnType<typeof refOf>,
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  for (const family of manifest.families) {
    for (const variant of family.variants) {
      const session = await InferenceSession.create(ref(family.id, variant.id).location);
      const inputs: Record<string, unknown> = {};
      for (const meta of session.inputMetadata) {
        if (!meta.isTensor) continue;
        const dims = meta.shape.map((dim) => (typeof dim === 'number' ? dim : 1));
        const count = dims.reduce((product, dim) => product * dim, 1);
        inputs[meta.name] = {
          type: meta.type,
          dims,
          data: Array.from({ length: count }, () => 0.5),
        };
      }
      bodies.set(variant.id, JSON.stringify({ inputs }));
      await session.release();
    }
  }
  return bodies;
}

interface Bench {
  root: string;
  manifest: ZooManifest;
  ref: ReturnType<typeof refOf>;
  planQueue: PlanQueue;
  /** Where events are appended as a controller would. */
  redis: Redis;
  events: EventFollower;
  agent: AgentProcess;
  client: KeepAliveClient;
}

async function setUp(): Promise<Bench> {
  const root = await mkdtemp(join(tmpdir(), 'understudy-bench-agent-'));
  const zooDir = join(root, 'zoo');
  const manifest = await buildZoo({ dir: zooDir });
  const planQueue = new PlanQueue({ redisUrl, prefix, jobTimeoutMs: 120_000 });
  const redis = new Redis(redisUrl);
  const source = new RedisEventSource({ redisUrl, prefix });
  const events = await EventFollower.start({ source, from: 'now' });
  const modelDir = join(root, 'models');
  const agent = await UnderstudyProcess.agent({
    nodeId: NODE,
    prefix,
    redisUrl,
    modelDir,
    memoryMiB: 1_000_000,
  });
  const client = new KeepAliveClient(Number(new URL(agent.url).port));
  const ref = refOf(manifest, zooDir);
  return { root, manifest, ref, planQueue, redis, events, agent, client };
}

async function tearDown(bench: Bench): Promise<void> {
  bench.client.close();
  await bench.agent.stop();
  await bench.planQueue.close();
  await bench.events.stop();
  bench.redis.disconnect();
  await deletePrefixKeys({ redisUrl, prefix });
  await rm(bench.root, { recursive: true, force: true });
}

/** Plan 1 serves the overhead models; then each is measured, bare beside HTTP. */
async function overheadSection(bench: Bench) {
  const cases: OverheadCase[] = OVERHEAD_MODELS.map((m) => ({
    ...m,
    app: `serve-${m.variant}`,
    path: bench.ref(m.family, m.variant).location,
  }));
  const sessions = cases.map((c) => ({
    app: c.app,
    role: 'primary' as const,
    serving: true,
    model: bench.ref(c.family, c.variant),
  }));
  const createdAt = new Date().toISOString();
  await bench.planQueue.mustApply({
    planVersion: 1,
    node: NODE,
    createdAt,
    sessions,
    stage: [],
    failover: [],
  });
  const overhead: OverheadResult[] = [];
  for (const testCase of cases) {
    process.stderr.write(`  overhead: ${testCase.family}/${testCase.variant}\n`);
    overhead.push(await measureOverhead(bench.client, testCase, settings));
  }
  const validator: ValidatorCost[] = [];
  for (const testCase of cases.slice(0, 2)) {
    process.stderr.write(`  validator cost: ${testCase.family}/${testCase.variant}\n`);
    validator.push(await measureValidatorCost(testCase, settings));
  }
  return { overhead, validator };
}

async function activationSection(bench: Bench) {
  process.stderr.write(
    `  activation: ${settings.repetitions} repetitions over every zoo variant\n`,
  );
  const bodies = await inputBodies(bench.manifest, bench.ref);
  return measureActivation({
    node: NODE,
    manifest: bench.manifest,
    ref: bench.ref,
    bodyFor: (variant) => bodies.get(variant) ?? '{}',
    planQueue: bench.planQueue,
    log: createStore({ redis: bench.redis, prefix }).events,
    events: bench.events,
    client: bench.client,
    nowMs: clock.nowMs,
    repetitions: settings.repetitions,
    firstPlanVersion: 2,
  });
}

const bench = await setUp();
try {
  const { overhead, validator } = await overheadSection(bench);
  const activation = await activationSection(bench);
  const document = {
    benchmark: 'agent',
    machine: machineInfo(),
    settings: {
      ...settings,
      zooScale: bench.manifest.scale,
      statistics:
        'overhead: nearest-rank p50/p99 over rounds × iterations, interleaved with bare runs; HTTP over one keep-alive connection to an agent process; activation: median over repetitions, from the node.failed append instant to the agent event atMs',
    },
    overhead,
    validator,
    activation,
  };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (flags.out !== undefined) await writeFile(flags.out, json);
  else process.stdout.write(json);
  process.stderr.write(agentTable(document));
} finally {
  await tearDown(bench);
}
