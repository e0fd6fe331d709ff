/**
 * Recovery time (MTTR) by fault, as the design defines it: from the fault to the first
 * successful inference answer for each affected application served by its understudy, seen
 * by a client calling the planner's router. Everything is real: the planner (`understudy
 * serve`, whose controller detects the fault and whose leader re-plans after it), three agents
 * as child processes, zoo models, Redis. The faults (faults.ts), side by side in one run:
 *
 * - `kill`: SIGKILL of edge-a's agent — a crash, its connections reset;
 * - `stop`, `drop`, `link`, `power`: silent losses that close no connection (SIGSTOP,
 *   iptables DROP both ways, the host's link down, a power cut of the host);
 * - `partition`: the planner and Redis cut off edge-a while its clients (calling its agent
 *   directly) still reach it — the right answer is no failover;
 * - `none`: nothing injected — a window in which any failover is false (`--burners`, `--loss`).
 *
 * On test hosts (kit/test-hosts.ts: root, iproute2, iptables) each node is a network namespace
 * of its own, Redis and the planner (with an API token, on the bridge's address) on the root's
 * side; without them only `kill` and `none` run, on loopback. Configurations (hand-made-plan.ts):
 * `warm`, `progressive`, `mixed` (each half held to its own target), `baseline-restart` (a
 * cold load of the full-size primary, no target). Each round starts a fresh cluster under its
 * own key prefix, injects the fault, keeps the clients on through the re-protection, restores
 * (SIGCONT, undrop, link up, agent restarted) and waits for the node's re-admission (fence
 * acknowledged, `--hold-down`) and the fail-back plan applied. Rounds are interleaved across
 * faults and configurations. Prints one JSON document (stdout, or `--out FILE`) and a table
 * per fault on stderr; Ctrl-C stops everything the run started.
 *
 *   npx tsx bench/mttr/run.ts [--fault kill,stop,…] [--rounds 2] [--configurations a,b,…] …
 *
 * --fault           comma-separated faults (default kill)
 * --rounds          rounds per fault and configuration (default 2)
 * --configurations  subset of warm, progressive, mixed, baseline-restart (default warm,progressive)
 * --net             auto (test hosts when they can be made, default), hosts, or loopback
 * --burners         N CPU-burning child processes for the whole run (default 0)
 * --loss            packet loss probability on every host's link for the run (default 0)
 * --hold-down       the planner's hold-down before a failed node is re-admitted, ms (default 300)
 * --window-ms       how long a partition or `none` lasts, ms (default 5000)
 * --scale           zoo scale passed to buildZoo (default 0.02: every file ≤ 5 MiB)
 * --redis           the Redis of a loopback run (default $UNDERSTUDY_REDIS_URL, else
 *                   redis://127.0.0.1:6379); each round deletes its own keys
 * --baseline FILE   an earlier run's JSON: crash means must be unchanged or better
 * --out FILE        write the JSON document to FILE instead of stdout
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestHosts } from '../../kit/test-hosts.ts';
import { machineInfo } from '../machine.ts';
import { readBaseline } from './baseline.ts';
import { hostsNetwork, loopbackNetwork } from './bench-network.ts';
import type { BenchNetwork } from './bench-network.ts';
import { parseBenchOptions } from './bench-options.ts';
import type { BenchOptions } from './bench-options.ts';
import { prepareBenchZoo } from './bench-zoo.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { startBurners } from './burners.ts';
import { FAULT_CATALOG } from './faults.ts';
import type { Fault, FaultName } from './faults.ts';
import { SURVIVORS } from './hand-made-plan.ts';
import type { AppSpec } from './hand-made-plan.ts';
import { describeRun } from './run-document.ts';
import { runRound, tempDirUnder } from './round.ts';
import type { RoundResult } from './round.ts';
import { summarise } from './summary.ts';
import { faultTable } from './summary-table.ts';
import { Teardown } from './teardown.ts';

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

interface Skipped {
  fault: FaultName;
  reason: string;
}

const teardown = new Teardown();

async function main(options: BenchOptions): Promise<void> {
  const startedAt = new Date();
  const root = await mkdtemp(join(tmpdir(), 'understudy-bench-mttr-'));
  teardown.add('temporary files', () => rm(root, { recursive: true, force: true }));
  const baseline = options.baselineFile ? await readBaseline(options.baselineFile) : undefined;
  const { network, skipped } = await chooseNetwork(options);
  for (const { fault, reason } of skipped) process.stderr.write(`${fault}: skipped — ${reason}\n`);
  const faults = options.faults
    .filter((name) => !skipped.some((s) => s.fault === name))
    .map((name) => FAULT_CATALOG[name]);
  const burners = startBurners(options.burners, teardown);
  const zoo = await prepareBenchZoo({ dir: join(root, 'zoo'), scale: options.scale, apps: APPS });
  const rounds = await runRounds({ options, faults, network, zoo, root });
  await burners.stop();
  const summary = faults.flatMap((fault) =>
    options.configurations.map((configuration) =>
      summarise({ fault, configuration, rounds, specs: APPS, baseline }),
    ),
  );
  const document = describeRun({
    startedAt,
    machine: machineInfo(),
    options,
    network: network.kind,
    skipped,
    zoo,
    apps: APPS,
    faults,
    baseline: baseline?.file,
    summary,
    rounds,
  });
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (options.outFile) await writeFile(options.outFile, json);
  else process.stdout.write(json);
  for (const fault of faults) {
    const mine = summary.filter((s) => s.fault === fault.name);
    process.stderr.write(faultTable(fault, mine, header(fault, options, network, zoo)));
  }
}

/** Every round, interleaved across faults and configurations; a failed one is run once more. */
async function runRounds(context: {
  options: BenchOptions;
  faults: readonly Fault[];
  network: BenchNetwork;
  zoo: BenchZoo;
  root: string;
}): Promise<RoundResult[]> {
  const { options, faults, network, zoo, root } = context;
  const rounds: RoundResult[] = [];
  for (let r = 0; r < options.rounds; r++) {
    for (const fault of faults) {
      for (const configuration of options.configurations) {
        const attempt = () =>
          runRound({
            fault,
            configuration,
            round: r,
            apps: APPS,
            zoo,
            network,
            holdDownMs: options.holdDownMs,
            windowMs: options.windowMs,
            tempDir: (label) => tempDirUnder(root, label),
            teardown,
          });
        const label = `round ${r} ${fault.name} ${configuration}`;
        let result = await attempt();
        if (result.error !== undefined) {
          // Mostly a start-up hiccup on a loaded machine; the failed attempt stays on record.
          process.stderr.write(`${label}: ${result.error}; running it again\n`);
          result = { ...(await attempt()), earlierErrors: [result.error] };
        }
        rounds.push(result);
        process.stderr.write(`${label}: ${progressLine(result)}\n`);
      }
    }
  }
  return rounds;
}

/**
 * Test hosts when they can be made (and `--net` allows); otherwise loopback, and every fault
 * that needs a host of its own is skipped with the reason.
 */
async function chooseNetwork(
  options: BenchOptions,
): Promise<{ network: BenchNetwork; skipped: Skipped[] }> {
  const reason =
    options.network === 'loopback'
      ? '--net loopback: the fault needs the agent on a host of its own'
      : await TestHosts.unavailable();
  if (reason === undefined) {
    const network = await hostsNetwork({
      nodes: ['edge-a', ...SURVIVORS],
      lossProbability: options.lossProbability,
      teardown,
    });
    teardown.add('test network', () => network.close());
    return { network, skipped: [] };
  }
  if (options.network === 'hosts') throw new Error(`--net hosts: ${reason}`);
  if (options.lossProbability > 0) throw new Error(`--loss needs test hosts: ${reason}`);
  const skipped = options.faults
    .filter((name) => FAULT_CATALOG[name].needsHost)
    .map((fault) => ({ fault, reason }));
  return { network: loopbackNetwork(options.redisUrl), skipped };
}

function progressLine(result: RoundResult): string {
  if (result.error !== undefined) return result.error;
  const failed = result.apps.reduce((sum, a) => sum + a.failedRequests, 0);
  const after = result.apps.reduce((sum, a) => sum + a.failedAfterRestore, 0);
  const back = result.restoration;
  return (
    `detection ${result.detectionMs ?? '—'} ms, gap ${result.apps
      .map((a) => a.clientGapMs ?? '—')
      .join(' / ')} ms, failed ${failed} (+${after} after restore), false failovers ` +
    `${result.falseFailovers.length}; ` +
    (back === null
      ? 'no failover to come back from'
      : `re-admitted ${back.readmittedMs ?? '—'} ms, failed back ${back.failBackAppliedMs ?? '—'} ms after the restore` +
        (back.error === undefined ? '' : ` (${back.error})`))
  );
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

function header(fault: Fault, options: BenchOptions, network: BenchNetwork, zoo: BenchZoo) {
  const stress = [
    options.burners > 0 ? `${options.burners} CPU burners` : '',
    options.lossProbability > 0 ? `${options.lossProbability * 100} % loss on every link` : '',
  ].filter(Boolean);
  return (
    `${fault.name} (${fault.class}): ${fault.description}\n` +
    `${network.kind === 'hosts' ? 'test hosts' : 'loopback'}${stress.length ? `, ${stress.join(', ')}` : ''}; ` +
    `${options.rounds} round(s) × ${APPS.length} apps per configuration; zoo scale ${zoo.scale}, ` +
    `largest model ${mib(zoo.largestUsed.fileBytes)} MiB; ${cpus().length} cores; ` +
    'ms, nearest-rank percentiles over all apps of all rounds'
  );
}

async function interrupted(signal: string): Promise<never> {
  process.stderr.write(`\n${signal}: stopping everything this run started\n`);
  for (const failure of await teardown.run()) process.stderr.write(`teardown: ${failure}\n`);
  process.exit(130);
}

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
process.on('exit', () => teardown.killNow());
process.once('SIGINT', () => void interrupted('SIGINT'));
process.once('SIGTERM', () => void interrupted('SIGTERM'));
try {
  await main(options);
} catch (error) {
  process.stderr.write(`bench/mttr: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const failure of await teardown.run()) process.stderr.write(`teardown: ${failure}\n`);
}
