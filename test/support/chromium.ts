/**
 * Headless Chromium for tests that look at rendered HTML. Uses Debian's `chromium` package
 * and installs it when missing and the test runs as root with apt (as CI does):
 *
 *   apt-get update && apt-get install -y --no-install-recommends chromium
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CHROMIUM_INSTALL =
  'apt-get update && apt-get install -y --no-install-recommends chromium';

const NAMES = ['chromium', 'chromium-browser'];

/** The chromium binary on PATH, if any. */
export function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** Finds chromium, installing it with apt when missing and allowed; throws saying how. */
export async function ensureChromium(): Promise<string> {
  const found = findChromium();
  if (found !== undefined) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`chromium is not installed; as root run: ${CHROMIUM_INSTALL}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const options = { env, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 };
  await run('apt-get', ['update'], options);
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], options);
  const installed = findChromium();
  if (installed === undefined) throw new Error(`"${CHROMIUM_INSTALL}" did not install chromium`);
  return installed;
}

/**
 * Renders a local HTML file and writes a PNG screenshot. A fresh profile directory per run,
 * and every background feature off, so nothing reaches the network.
 */
export async function screenshot(
  chromium: string,
  options: { htmlFile: string; pngFile: string; widthPx: number; heightPx: number },
): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'understudy-chromium-'));
  try {
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${options.pngFile}`,
        `--window-size=${options.widthPx},${options.heightPx}`,
        pathToFileURL(options.htmlFile).href,
      ],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
