import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { coldLoad } from '../../../profiler/profile/cold-load.ts';
import { primerModelBytes } from '../../../profiler/profile/primer-model.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

let dir: string | undefined;
let modelPath: string;
const inputs = [{ name: 'x', type: 'float32', dims: [1] }] as const;

beforeAll(async () => {
  dir = await makeTempDir('cold-load');
  modelPath = join(dir, 'identity.onnx');
  await writeFile(modelPath, primerModelBytes());
});
afterAll(() => removeTempDir(dir));

const failure = async (run: () => Promise<unknown>): Promise<{ code: string; message: string }> => {
  try {
    await run();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  return { code: 'none', message: '' };
};

describe('coldLoad', () => {
  describe('when the model loads in the child', () => {
    it('reports the load time and the memory the session added', async () => {
      const sample = await coldLoad({ modelPath, inputs, timeoutMs: 60_000 });
      expect(sample.loadMs).toBeGreaterThan(0);
      expect(sample.firstRunMs).toBeGreaterThan(0);
      expect(sample.addedAfterRunBytes).toBeGreaterThanOrEqual(0);
    });
  });

  describe('when the child cannot run the model at the given shape', () => {
    it('reports RUN_FAILED with the model path', async () => {
      const wrong = [{ name: 'x', type: 'float32', dims: [2, 2] }] as const;
      const { code, message } = await failure(() =>
        coldLoad({ modelPath, inputs: wrong, timeoutMs: 60_000 }),
      );
      expect(code).toBe('RUN_FAILED');
      expect(message.startsWith(`${modelPath}: `)).toBe(true);
    });
  });

  describe('when the child is killed before it reports', () => {
    it('reports LOAD_WORKER_FAILED', async () => {
      expect(await failure(() => coldLoad({ modelPath, inputs, timeoutMs: 1 }))).toEqual({
        code: 'LOAD_WORKER_FAILED',
        message: `cold-load worker for ${modelPath} was killed (SIGTERM)`,
      });
    });
  });
});
