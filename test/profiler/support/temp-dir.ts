import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir; remove it with `removeTempDir`. */
export function makeTempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `understudy-${label}-`));
}

export function removeTempDir(dir: string | undefined): Promise<void> {
  return dir === undefined ? Promise.resolve() : rm(dir, { recursive: true, force: true });
}
