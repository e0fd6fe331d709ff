import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { components } from '../../../openapi/types.ts';
import { buildZoo } from '../../../profiler/zoo/build-zoo.ts';
import type { ZooManifest } from '../../../profiler/zoo/zoo-manifest.ts';

type ModelRef = components['schemas']['ModelRef'];

/** The zoo built at its default (small) scale into a temporary directory. */
export interface TestZoo {
  dir: string;
  manifest: ZooManifest;
  /** A ModelRef for a zoo variant, with its real SHA-256 and the planned memory given. */
  ref(family: string, variant: string, memoryMiB?: number): ModelRef;
  /** A file that is not ONNX, referenced without a checksum. */
  corrupt(name: string, memoryMiB?: number): Promise<ModelRef>;
  /** A copy of a zoo file with its first bytes overwritten: its SHA-256 no longer matches. */
  tampered(family: string, variant: string, memoryMiB?: number): Promise<ModelRef>;
  /** A fresh directory (e.g. an agent's --model-dir), removed with the zoo. */
  tempDir(label: string): Promise<string>;
  dispose(): Promise<void>;
}

export async function buildTestZoo(): Promise<TestZoo> {
  const root = await mkdtemp(join(tmpdir(), 'understudy-agent-test-'));
  const dir = join(root, 'zoo');
  const manifest = await buildZoo({ dir });
  const ref = (family: string, variant: string, memoryMiB = 10): ModelRef => {
    const entry = manifest.families
      .find((candidate) => candidate.id === family)
      ?.variants.find((candidate) => candidate.id === variant);
    if (entry === undefined) throw new Error(`no zoo variant ${family}/${variant}`);
    return { family, variant, location: join(dir, entry.file), sha256: entry.sha256, memoryMiB };
  };
  return {
    dir,
    manifest,
    ref,
    corrupt: async (name, memoryMiB = 10) => {
      const location = join(root, `${name}.onnx`);
      await writeFile(location, 'this is not an onnx model, just text');
      return { family: 'broken', variant: name, location, memoryMiB };
    },
    tampered: async (family, variant, memoryMiB = 10) => {
      const original = ref(family, variant, memoryMiB);
      const location = join(root, `tampered-${variant}.onnx`);
      await copyFile(original.location, location);
      await writeFile(location, Buffer.from([0x08, 0x07, 0x12, 0x00]), { flag: 'r+' });
      return { ...original, location };
    },
    tempDir: (label) => mkdtemp(join(root, `${label}-`)),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
