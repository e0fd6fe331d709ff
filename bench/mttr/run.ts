/**
 * Recovery time after a crash (MTTR), as the design defines it: from the SIGKILL of an agent
 * to the first successful inference answer for each affected application served by its
 * understudy, seen by a client calling the planner's router. Everything is real: the planner
 * (`understudy serve`, whose controller detects the crash and whose leader re-plans after it),
 * three agents as child processes, zoo models, Redis. The desired state (families, apps) is
 * registered through the REST API; the plan before the crash is hand-made so that each
 * configuration is exactly what it claims:
 *
 * - `warm`: each app's understudy is a smaller variant loaded warm on another node;
 * - `progressive`: a cold understudy (files staged) whose first step is the smallest variant,
 *   the primary variant planned;
 * - `mixed`: half the apps warm, half progressive, on the same survivors; each half is held
 *   to its own target;
 * - `baseline-restart`: a cold understudy of the full-size primary variant, no first step — a
 *   stand-in for restarting the full-size primary on a surviving node.
 *
 * After the failover the clients keep going until the leader's re-protection plan (`reason:
 * 'failover'`) is published and applied by both survivors, so failed requests cover it too.
 * Each round starts everything afresh under its own key prefix; configurations are interleaved
 * round by round. Prints one JSON document (stdout, or `--out FILE`) and a table on stderr.
 *
 *   npx tsx bench/mttr/run.ts [--rounds 5] [--scale 0.02] [--configurations a,b,…] [--redis URL]
 *                             [--out FILE]
 *
 * --rounds          rounds per configuration (default 5)
 * --scale           zoo scale passed to buildZoo (default 0.02, "small": every file ≤ 5 MiB;
 *                   0.19, "medium", makes the zoo's largest model ≈ 48 MB)
 * --configurations  comma-separated subset of warm, progressive, mixed, baseline-restart
 *                   (default: all, in that order)
 * --redis           the Redis to run against (default $UNDERSTUDY_REDIS_URL, else
 *                   redis://127.0.0.1:6379); each round deletes its own keys
 * --out             write the JSON document to FILE instead of stdout
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo } from '../machine.ts';
import { prepareBenchZoo, SESSIONS_PER_NODE } from './bench-zoo.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { APP_MAX_RECOVERY_MS } from './desired-state.ts';
import { CONFIGURATIONS, KILLED, SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec, Configuration } from './hand-made-plan.ts';
import { runRound, TAIL_MS, tempDirUnder } from './round.ts';
import type { RoundResult } from './round.ts';
import { summarise, table } from './summary.ts';

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    scale: { type: 'string' },
    configurations: { type: 'string', default: CONFIGURATIONS.join(',') },
    redis: {
      type: 'string',
      default: process.env.UNDERSTUDY_REDIS_URL ?? 'redis://127.0.0.1:6379',
    },
  },
});
const ROUNDS = Number(flags.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');
const SCALE = flags.scale === undefined ? undefined : Number(flags.scale);
if (SCALE !== undefined && !(Number.isFinite(SCALE) && SCALE > 0))
  throw new Error('--scale must be a positive number');
const SELECTED = parseConfigurations(flags.configurations);

/**
 * Two apps per image family: primary = a large variant, small = the family's smallest. In
 * `mixed`, each family has one warm and one progressive app and each survivor both modes.
 */
const APPS: AppSpec[] = [
  ['resnet-like', 'resnet50', 'resnet18'],
  ['efficientnet-like', 'efficientnet_b3', 'efficientnet_b0'],
  ['mobilenet-like', 'mobilenet_v3_large', 'mobilenet_v3_small'],
].flatMap(([family, primaryVariant, smallVariant], f) =>
  [0, 1].map((k) => ({
    app: `cam-${f * 2 + k + 1}`,
    family: String(family),
    primaryVariant: String(primaryVariant),
    smallVariant: String(smallVariant),
    understudyNode: k === 0 ? SURVIVORS[0] : SURVIVORS[1],
    mixedMode: (f + k) % 2 === 0 ? ('warm' as const) : ('progressive' as const),
  })),
);

function parseConfigurations(text: string | undefined): Configuration[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(CONFIGURATIONS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0)
    throw new Error(
      `--configurations takes a comma-separated subset of ${CONFIGURATIONS.join(', ')}` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  return [...new Set(names)] as Configuration[];
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const root = await mkdtemp(join(tmpdir(), 'understudy-bench-mttr-'));
  try {
    const zoo = await prepareBenchZoo({ dir: join(root, 'zoo'), scale: SCALE, apps: APPS });
    const rounds: RoundResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const configuration of SELECTED) {
        const attempt = () =>
          runRound({
            configuration,
            round: r,
            apps: APPS,
            zoo,
            redisUrl: flags.redis,
            tempDir: (label) => tempDirUnder(root, label),
          });
        let result = await attempt();
        if (result.error !== undefined) {
          // Mostly a start-up hiccup on a loaded machine; the failed attempt stays on record.
          process.stderr.write(`round ${r} ${configuration}: ${result.error}; running it again\n`);
          result = { ...(await attempt()), earlierErrors: [result.error] };
        }
        rounds.push(result);
        process.stderr.write(`round ${r} ${configuration}: ${progressLine(result)}\n`);
      }
    }
    const summary = SELECTED.map((configuration) => summarise(configuration, rounds, APPS));
    const document = {
      benchmark: 'mttr',
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      machine: machineInfo(),
      note: note(zoo),
      definition:
        'DESIGN.md "Recovery time": fault to first successful inference answer for each ' +
        'affected app served by its understudy, seen by a client through the router.',
      setup: setup(zoo),
      summary,
      rounds,
    };
    const json = `${JSON.stringify(document, null, 2)}\n`;
    if (flags.out) await writeFile(flags.out, json);
    else process.stdout.write(json);
    process.stderr.write(table(summary, header(zoo)));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function progressLine(result: RoundResult): string {
  if (result.error !== undefined) return result.error;
  const re = result.reprotection;
  const failed = result.apps.reduce((sum, a) => sum + a.failedRequests, 0);
  return (
    `detection ${result.detectionMs} ms, recovery ${result.apps
      .map((a) => a.recoveryMs ?? '—')
      .join(' / ')} ms, failed ${failed}; re-protection ` +
    (re?.reprotectionMs == null
      ? 'not published'
      : `published ${re.reprotectionMs} ms, applied ${re.reprotectedAppliedMs ?? '—'} ms, ` +
        `${re.appsKept} kept, ${re.appsProtected} protected, ${re.unprotected.length} unprotected`)
  );
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

function setup(zoo: BenchZoo) {
  return {
    rounds: ROUNDS,
    configurations: SELECTED,
    zoo: {
      scale: zoo.scale,
      largestModelUsed: { ...zoo.largestUsed, fileMiB: mib(zoo.largestUsed.fileBytes) },
      largestModelInZoo: { ...zoo.largestInZoo, fileMiB: mib(zoo.largestInZoo.fileBytes) },
    },
    nodes: {
      killed: KILLED,
      survivors: SURVIVORS,
      memoryMiB: zoo.nodeMemoryMiB,
      declaredSessionMiB: zoo.modelMiB,
      sizing:
        `declared session memory = 2 × the largest model file used, rounded up to 8 MiB (agents ` +
        `budget declared, not measured, MiB); each agent has room for ${SESSIONS_PER_NODE} sessions`,
    },
    apps: APPS,
    desiredState:
      'registered through the REST API before the plan: one family per zoo family with the two ' +
      'variants its apps use (accuracy from the zoo manifest; loadMs/latency declared from the ' +
      `file size, not measured), apps pinned to ${KILLED} with slo.maxRecoveryMs ` +
      `${APP_MAX_RECOVERY_MS} and slo.minAccuracy = the small variant's accuracy rounded down`,
    detection: 'by the planner controller itself (no manual node.failed)',
    clients:
      'one loop per app through the router, back to back; kept on until both survivors applied ' +
      `the leader's failover plan, then ${TAIL_MS} ms more`,
    plans:
      'hand-made before the crash (version 1, published to Redis, slices applied through the ' +
      "node queues); after it, the leader's own re-protection plan",
  };
}

function note(zoo: BenchZoo): string {
  return (
    `Machine with ${cpus().length} cores running the planner, three agents, six client loops ` +
    'and Redis at once; figures are from one run and noisy (means and percentiles over every ' +
    "app of every round). Recovery = SIGKILL of edge-a to the client's first successful " +
    'answer from another node, per app (includes detection). The largest model file used is ' +
    `${mib(zoo.largestUsed.fileBytes)} MiB (${zoo.largestUsed.model}, zoo scale ${zoo.scale}); ` +
    'at small scales the baseline (cold load of the full-size primary) is not far behind the ' +
    'progressive first step; the gap grows with model size.'
  );
}

function header(zoo: BenchZoo): string {
  return (
    `MTTR after SIGKILL of ${KILLED}, ${ROUNDS} round(s) × ${APPS.length} apps per configuration; ` +
    `zoo scale ${zoo.scale}, largest model used ${mib(zoo.largestUsed.fileBytes)} MiB ` +
    `(${zoo.largestUsed.model}), ${zoo.modelMiB} MiB declared per session, agents ` +
    `${zoo.nodeMemoryMiB} MiB\n(${cpus().length} cores, one run; means/percentiles over all ` +
    'apps of all rounds)'
  );
}

await main();
