/**
 * `understudy zoo build|register`: writes the deterministic model families (profiler/zoo) and
 * registers them with the planner API: `register` profiles every variant, then upserts each
 * family with the measured figures.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { createApiRegistrar } from '../../src/client/api-registrar.ts';
import { buildZoo, DEFAULT_ZOO_SCALE } from '../../profiler/zoo/build-zoo.ts';
import { familiesFromManifest } from '../../profiler/zoo/families-from-manifest.ts';
import { profileZoo } from '../../profiler/zoo/profile-zoo.ts';
import { readZooManifest, ZOO_MANIFEST_FILE } from '../../profiler/zoo/zoo-manifest.ts';
import type { ZooVariantEntry } from '../../profiler/zoo/zoo-manifest.ts';
import { toCliError } from './profile.ts';

const DEFAULT_DIR = '.zoo';
/** Scale 1 is the published sizes (~1.5 GB for the whole zoo); more would only waste disk. */
const MAX_SCALE = 1;

export function configureZooCommand(zoo: Command): void {
  zoo
    .command('build')
    .description('Write the model families and their manifest.')
    .option('--dir <dir>', 'directory to write into', DEFAULT_DIR)
    .option(
      '--scale <s>',
      `multiplier on published parameter counts (0.19 ≈ 50 MB largest model)`,
      String(DEFAULT_ZOO_SCALE),
    )
    .action(async (flags: { dir: string; scale: string }) => {
      await buildCommand(flags.dir, scaleValue(flags.scale)).catch((error: unknown) => {
        throw toCliError(error);
      });
    });
  zoo
    .command('register')
    .description('Profile every zoo variant and upsert the families through the REST API.')
    .requiredOption('--api <url>', 'planner API base URL')
    .option('--dir <dir>', 'zoo directory', DEFAULT_DIR)
    .option('--token <token>', 'API token')
    .option('--loads <k>', 'cold loads per variant, each in a fresh process (median)', '5')
    .option('--runs <n>', 'timed inference runs per variant', '100')
    .action(async (flags: RegisterFlags) => {
      await registerCommand(flags).catch((error: unknown) => {
        throw toCliError(error);
      });
    });
}

async function buildCommand(dir: string, scale: number): Promise<void> {
  const print = (familyId: string, v: ZooVariantEntry): void => {
    const mib = (v.fileBytes / 2 ** 20).toFixed(2).padStart(7);
    process.stdout.write(
      `${`${familyId}/${v.id}`.padEnd(36)} ${String(v.parameters).padStart(10)} params ${mib} MiB  accuracy ${v.accuracy} (${v.accuracyBasis})\n`,
    );
  };
  const manifest = await buildZoo({ dir, scale, onVariant: print });
  const count = manifest.families.reduce((sum, f) => sum + f.variants.length, 0);
  process.stdout.write(
    `wrote ${count} models in ${manifest.families.length} families at scale ${scale}; manifest: ${resolve(dir, ZOO_MANIFEST_FILE)}\n`,
  );
}

interface RegisterFlags {
  api: string;
  dir: string;
  token?: string;
  loads: string;
  runs: string;
}

async function registerCommand(flags: RegisterFlags): Promise<void> {
  const manifest = await readZooManifest(flags.dir);
  const registrar = createApiRegistrar({
    apiUrl: flags.api,
    ...(flags.token !== undefined ? { token: flags.token } : {}),
  });
  await registrar.ready();
  const measure = { loads: count('--loads', flags.loads), runs: count('--runs', flags.runs) };
  const reports = await profileZoo(manifest, { dir: flags.dir, measure });
  const profiles = new Map([...reports].map(([key, report]) => [key, report.variant]));
  for (const family of familiesFromManifest(manifest, profiles, {
    locationBase: resolve(flags.dir),
  })) {
    await registrar.putFamily(family);
    process.stdout.write(`registered ${family.id} (${family.variants.length} variants)\n`);
  }
}

function count(flag: string, value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value))
    throw new CliError(`${flag} must be a positive integer (got ${value})`);
  return Number(value);
}

function scaleValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_SCALE) {
    throw new CliError(`--scale must be a number above 0 and at most ${MAX_SCALE} (got ${value})`);
  }
  return n;
}
