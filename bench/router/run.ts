/**
 * Router overhead: the same inference sent straight to the agent and through the planner's
 * router (`POST /v1/apps/{id}/infer`), interleaved round by round, for a JSON body and a
 * tensor frame, on the smallest zoo model so that the HTTP hops dominate. Target: router
 * overhead p50 ≤ 1 ms. Overhead = through-router minus direct at the same percentile, per
 * round; the figures are medians over rounds (the machine is noisy). Prints one JSON
 * document (stdout, or `--out FILE`) and a short table on stderr. The router runs in this
 * process (kit's `RouterHarness`); requests are sent one at a time, so client and router never
 * compete for the event loop.
 *
 *   npx tsx bench/router/run.ts [--out FILE] [--rounds 7] [--iterations 400]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeTensorFrame, TENSOR_FRAME_MEDIA_TYPE } from '../../agents/tensor-frame.ts';
import { median, percentile, round } from '../../profiler/stats.ts';
import { buildZoo } from '../../profiler/zoo/build-zoo.ts';
import { PlanQueue } from '../../kit/plan-queue.ts';
import { deletePrefixKeys } from '../../kit/prefix-keys.ts';
import { UnderstudyProcess } from '../../kit/understudy-process.ts';
import type { AgentProcess } from '../../kit/understudy-process.ts';
import { planOf } from '../../kit/plan-of.ts';
import { RouterHarness } from '../../kit/router-harness.ts';
import { KeepAliveClient } from '../agent/keep-alive-client.ts';
import { PROBE_INPUT_WIDTH } from '../../profiler/zoo/linear-probe.ts';

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    iterations: { type: 'string', default: '400' },
    redis: {
      type: 'string',
      default: process.env.UNDERSTUDY_REDIS_URL ?? 'redis://127.0.0.1:6379',
    },
  },
});
const ROUNDS = Number(flags.rounds);
const ITERATIONS = Number(flags.iterations);
const WARMUP = 100;
const redisUrl = flags.redis;
const prefix = `bench-router-${process.pid}`;
const NODE = 'bench-node';
const APP = 'probe';
const DIMS = [1, PROBE_INPUT_WIDTH];

interface Body {
  form: 'json' | 'frame';
  contentType: string;
  bytes: Buffer;
}

const BODIES: Body[] = [
  {
    form: 'json',
    contentType: 'application/json',
    bytes: Buffer.from(
      JSON.stringify({
        inputs: {
          features: { type: 'float32', dims: DIMS, data: new Array(PROBE_INPUT_WIDTH).fill(0.5) },
        },
      }),
    ),
  },
  {
    form: 'frame',
    contentType: TENSOR_FRAME_MEDIA_TYPE,
    bytes: encodeTensorFrame([
      {
        name: 'features',
        type: 'float32',
        dims: DIMS,
        data: new Float32Array(PROBE_INPUT_WIDTH).fill(0.5),
      },
    ]),
  },
];

/** Latencies (ms) of `count` sequential requests; throws on any non-200 answer. */
async function timeRequests(
  client: KeepAliveClient,
  path: string,
  body: Body,
  count: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const reply = await client.post(path, body.contentType, body.bytes);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${reply.body}`);
  }
  return samples;
}

interface Figures {
  p50: number;
  p99: number;
}

async function measure(direct: KeepAliveClient, routed: KeepAliveClient, body: Body) {
  const directPath = `/v1/infer/${APP}`;
  const routedPath = `/v1/apps/${APP}/infer`;
  await timeRequests(direct, directPath, body, WARMUP);
  await timeRequests(routed, routedPath, body, WARMUP);
  const rounds: Array<{ direct: Figures; routed: Figures }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which side goes first so drift in machine load hits both alike.
    const first = r % 2 === 0;
    const a = await timeRequests(
      first ? direct : routed,
      first ? directPath : routedPath,
      body,
      ITERATIONS,
    );
    const b = await timeRequests(
      first ? routed : direct,
      first ? routedPath : directPath,
      body,
      ITERATIONS,
    );
    const [d, t] = first ? [a, b] : [b, a];
    rounds.push({ direct: figures(d), routed: figures(t) });
  }
  const med = (pick: (round: { direct: Figures; routed: Figures }) => number) =>
    round(median(rounds.map(pick)), 3);
  return {
    form: body.form,
    bodyBytes: body.bytes.length,
    directMs: { p50: med((x) => x.direct.p50), p99: med((x) => x.direct.p99) },
    routedMs: { p50: med((x) => x.routed.p50), p99: med((x) => x.routed.p99) },
    overheadMs: {
      p50: med((x) => x.routed.p50 - x.direct.p50),
      p99: med((x) => x.routed.p99 - x.direct.p99),
    },
  };
}

function figures(samples: number[]): Figures {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const root = await mkdtemp(join(tmpdir(), 'understudy-bench-router-'));
const planQueue = new PlanQueue({ redisUrl, prefix, jobTimeoutMs: 120_000 });
let agent: AgentProcess | undefined;
let router: RouterHarness | undefined;
try {
  process.stderr.write('router bench: building the zoo, starting an agent and the router\n');
  const zooDir = join(root, 'zoo');
  const manifest = await buildZoo({ dir: zooDir });
  const entry = manifest.families
    .find((f) => f.id === 'linear-probe')
    ?.variants.find((v) => v.id === 'probe_small');
  if (entry === undefined) throw new Error('the zoo has no linear-probe/probe_small');
  agent = await UnderstudyProcess.agent({
    nodeId: NODE,
    prefix,
    redisUrl,
    modelDir: join(root, 'models'),
    memoryMiB: 1024,
  });
  const model = {
    family: 'linear-probe',
    variant: 'probe_small',
    location: join(zooDir, entry.file),
    sha256: entry.sha256,
    memoryMiB: 10,
  };
  await planQueue.mustApply({
    planVersion: 1,
    node: NODE,
    createdAt: new Date().toISOString(),
    sessions: [{ app: APP, role: 'primary', serving: true, model }],
    stage: [],
    failover: [],
  });
  router = await RouterHarness.start({ redisUrl, prefix });
  await router.publishPlan(planOf([{ app: APP, node: NODE, variant: 'probe_small' }]));
  const route = await router.routes.waitForChange(APP, 0, 10_000);
  if (route?.state !== 'serving') throw new Error('the router found no route for the app');
  const direct = new KeepAliveClient(Number(new URL(agent.url).port));
  const routed = new KeepAliveClient(router.port);
  const results = [];
  for (const body of BODIES) {
    process.stderr.write(`  ${body.form}: ${ROUNDS} rounds × ${ITERATIONS} requests per side\n`);
    results.push(await measure(direct, routed, body));
  }
  direct.close();
  routed.close();
  const report = {
    benchmark: 'router-overhead',
    target: { overheadP50Ms: 1 },
    settings: {
      rounds: ROUNDS,
      iterationsPerRound: ITERATIONS,
      warmup: WARMUP,
      model: 'linear-probe/probe_small',
    },
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    results,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (flags.out === undefined) process.stdout.write(json);
  else await writeFile(flags.out, json);
  process.stderr.write(table(results));
} finally {
  await router?.close();
  await agent?.stop();
  await planQueue.close();
  await deletePrefixKeys({ redisUrl, prefix });
  await rm(root, { recursive: true, force: true });
}

function table(results: Array<Awaited<ReturnType<typeof measure>>>): string {
  const rows = results.map(
    (r) =>
      `${r.form.padEnd(6)} ${String(r.directMs.p50).padStart(8)} ${String(r.routedMs.p50).padStart(8)} ` +
      `${String(r.overheadMs.p50).padStart(9)} ${String(r.overheadMs.p99).padStart(9)}`,
  );
  return [
    'form   direct50 routed50  over p50  over p99   (ms; target overhead p50 ≤ 1)',
    ...rows,
    '',
  ].join('\n');
}
