/**
 * The MTTR benchmark's command line, normalised and validated once: every problem is reported
 * at once, in one message.
 */
import { parseArgs } from 'node:util';
import { FAULTS } from './faults.ts';
import type { FaultName } from './faults.ts';
import { CONFIGURATIONS } from './hand-made-plan.ts';
import type { Configuration } from './hand-made-plan.ts';

export type NetworkChoice = 'auto' | 'hosts' | 'loopback';

export interface BenchOptions {
  faults: FaultName[];
  configurations: Configuration[];
  /** Rounds per fault and configuration. */
  rounds: number;
  /** Zoo scale; undefined: buildZoo's default. */
  scale: number | undefined;
  /** The Redis of a loopback run. */
  redisUrl: string;
  network: NetworkChoice;
  /** CPU-burning child processes kept running for the whole run. */
  burners: number;
  /** Packet loss on every host's link for the whole run, 0 to 1 (0: none). */
  lossProbability: number;
  /** The planner's `--hold-down`, in ms. */
  holdDownMs: number;
  /** How long a fault that calls for no failover (partition, none) lasts, in ms. */
  windowMs: number;
  baselineFile: string | undefined;
  outFile: string | undefined;
}

export const USAGE =
  'npx tsx bench/mttr/run.ts [--fault kill,stop,drop,link,power,partition,none] [--rounds 2]\n' +
  '    [--configurations warm,progressive,mixed,baseline-restart] [--net auto|hosts|loopback]\n' +
  '    [--burners N] [--loss P] [--hold-down 300] [--window-ms 5000] [--scale 0.02]\n' +
  '    [--redis URL] [--baseline FILE] [--out FILE]';

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values: flags } = parseArgs({
    args: [...argv],
    options: {
      fault: { type: 'string', default: 'kill' },
      configurations: { type: 'string', default: 'warm,progressive' },
      rounds: { type: 'string', default: '2' },
      scale: { type: 'string' },
      redis: {
        type: 'string',
        default: process.env.UNDERSTUDY_REDIS_URL ?? 'redis://127.0.0.1:6379',
      },
      net: { type: 'string', default: 'auto' },
      burners: { type: 'string', default: '0' },
      loss: { type: 'string', default: '0' },
      'hold-down': { type: 'string', default: '300' },
      'window-ms': { type: 'string', default: '5000' },
      baseline: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const problems: string[] = [];
  const integer = (name: string, raw: string, least: number) => {
    const value = Number(raw);
    if (Number.isInteger(value) && value >= least) return value;
    problems.push(`--${name} must be an integer of at least ${least}, not "${raw}"`);
    return least;
  };
  const scale = flags.scale === undefined ? undefined : Number(flags.scale);
  if (scale !== undefined && !(Number.isFinite(scale) && scale > 0))
    problems.push(`--scale must be a positive number, not "${flags.scale}"`);
  const loss = Number(flags.loss);
  if (!(Number.isFinite(loss) && loss >= 0 && loss < 1))
    problems.push(`--loss must be a probability from 0 to below 1, not "${flags.loss}"`);
  const network = flags.net as NetworkChoice;
  if (!['auto', 'hosts', 'loopback'].includes(network))
    problems.push(`--net must be auto, hosts or loopback, not "${flags.net}"`);
  if (network === 'loopback' && loss > 0)
    problems.push('--loss needs test hosts, not --net loopback');
  const options: BenchOptions = {
    faults: list('fault', flags.fault, FAULTS, problems),
    configurations: list('configurations', flags.configurations, CONFIGURATIONS, problems),
    rounds: integer('rounds', flags.rounds, 1),
    scale,
    redisUrl: flags.redis,
    network,
    burners: integer('burners', flags.burners, 0),
    lossProbability: loss,
    holdDownMs: integer('hold-down', flags['hold-down'], 0),
    windowMs: integer('window-ms', flags['window-ms'], 100),
    baselineFile: flags.baseline,
    outFile: flags.out,
  };
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\nusage: ${USAGE}`);
  return options;
}

/** A comma-separated subset of `allowed`, in the order given, without repeats. */
function list<T extends string>(
  name: string,
  text: string,
  allowed: readonly T[],
  problems: string[],
): T[] {
  const names = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = names.filter((item) => !(allowed as readonly string[]).includes(item));
  if (names.length === 0 || unknown.length > 0)
    problems.push(
      `--${name} takes a comma-separated subset of ${allowed.join(', ')}` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  return [...new Set(names)] as T[];
}
