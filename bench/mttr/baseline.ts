/**
 * A baseline run (`--baseline FILE`): an earlier JSON document of this benchmark, whose crash
 * (kill) means per configuration and mode the new crash figures must not be worse than.
 * Documents from before `--fault` (no `fault` field, `recoveryMs` instead of `clientGapMs`)
 * are crash runs and read the same way.
 */
import { readFile } from 'node:fs/promises';

export interface Baseline {
  file: string;
  /** The crash mean in ms, by `configuration/mode`. */
  crashMeanMs: Map<string, number>;
}

interface ModeFigures {
  clientGapMs?: { mean?: unknown };
  recoveryMs?: { mean?: unknown };
}

interface SummaryEntry {
  fault?: unknown;
  configuration?: unknown;
  byMode?: Record<string, ModeFigures>;
}

export const baselineKey = (configuration: string, mode: string) => `${configuration}/${mode}`;

export async function readBaseline(file: string): Promise<Baseline> {
  const document = JSON.parse(await readFile(file, 'utf8')) as { summary?: unknown };
  if (!Array.isArray(document.summary))
    throw new Error(`--baseline ${file}: not a bench/mttr document (no summary list)`);
  const crashMeanMs = new Map<string, number>();
  for (const entry of document.summary as SummaryEntry[]) {
    if ((entry.fault ?? 'kill') !== 'kill' || typeof entry.configuration !== 'string') continue;
    for (const [mode, figures] of Object.entries(entry.byMode ?? {})) {
      const mean = (figures.clientGapMs ?? figures.recoveryMs)?.mean;
      if (typeof mean === 'number') crashMeanMs.set(baselineKey(entry.configuration, mode), mean);
    }
  }
  return { file, crashMeanMs };
}
