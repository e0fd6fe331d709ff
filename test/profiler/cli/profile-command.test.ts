import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestServer } from '../../support/api-server.ts';
import { family as familyBody } from '../../support/builders.ts';
import { runCli } from '../../support/cli.ts';
import { buildZoo } from '../../../profiler/zoo/build-zoo.ts';
import { mkdir } from 'node:fs/promises';
import { encodeTensorProto } from '../../../profiler/onnx/encode-model.ts';
import { float32Bytes } from '../../../profiler/seeded-random.ts';
import {
  writeBrokenGraphModel,
  writeDynamicImageModel,
  writeMultiIoModel,
  writeShapeInputModel,
} from '../support/fixture-models.ts';
import { makeTempDir, removeTempDir } from '../support/temp-dir.ts';

let dir: string | undefined;
const at = (...parts: string[]): string => join(dir as string, ...parts);
/** Quick settings: these tests are about the command's behaviour, not the figures. */
const QUICK = ['--loads', '1', '--runs', '3', '--warmup', '1'];

beforeAll(async () => {
  dir = await makeTempDir('profile-cli');
  await buildZoo({ dir });
  await writeFile(at('notes.onnx'), 'these are notes, not a model\n');
  await writeFile(at('empty.onnx'), '');
  const model = await readFile(at('resnet-like/resnet18.onnx'));
  await writeFile(at('truncated.onnx'), model.subarray(0, model.byteLength / 2));
  await writeFile(
    at('wrong-width.jsonl'),
    `${JSON.stringify({ inputs: { features: [1, 2, 3] }, label: 0 })}\n`,
  );
  await writeMultiIoModel(dir);
  await writeShapeInputModel(dir);
  await writeDynamicImageModel(dir);
  await writeBrokenGraphModel(dir);
});
afterAll(() => removeTempDir(dir));

/** Keys of the API's Variant schema (openapi/understudy.yaml), all of which the profiler fills. */
const VARIANT_KEYS = [
  'accuracy',
  'accuracySource',
  'fileBytes',
  'id',
  'latencyMs',
  'loadMs',
  'location',
  'memoryMiB',
  'sha256',
  'signature',
  'standIn',
  'throughputPerSec',
];

describe('understudy profile', () => {
  describe('when given a zoo model with --json', () => {
    it('prints only the variant object on stdout and nothing on stderr', async () => {
      const result = await runCli(['profile', at('resnet-like/resnet18.onnx'), '--json', ...QUICK]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const variant = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(Object.keys(variant).sort()).toEqual(VARIANT_KEYS);
      expect(variant).toMatchObject({
        id: 'resnet18',
        location: at('resnet-like/resnet18.onnx'),
        accuracy: 0.69758,
        accuracySource: 'published',
        standIn: true,
      });
      expect(Object.keys(variant.latencyMs as object).sort()).toEqual(['p50', 'p95', 'p99']);
    });
  });

  describe('when given a dataset', () => {
    it('reports the measured top-1 accuracy', async () => {
      const result = await runCli([
        'profile',
        at('linear-probe/probe_medium.onnx'),
        '--dataset',
        at('linear-probe/probe_medium.jsonl'),
        '--json',
        ...QUICK,
      ]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        accuracy: 0.9,
        accuracySource: 'measured',
      });
    });
  });

  describe('when a dynamic dimension is not given', () => {
    it('defaults it to 1 and says so on stderr, keeping stdout pure JSON', async () => {
      const result = await runCli([
        'profile',
        at('multi-io.onnx'),
        '--accuracy',
        '0.5',
        '--json',
        ...QUICK,
      ]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        'understudy: warning: dynamic dimension batch defaulted to 1 (set it with --input ids=DIMS)\n',
      );
      expect(JSON.parse(result.stdout)).toMatchObject({
        id: 'multi-io',
        accuracy: 0.5,
        accuracySource: 'supplied',
      });
    });
  });

  describe('when an integer input is a shape', () => {
    it('says which input zeros were fed to, and how to give its values', async () => {
      const result = await runCli([
        'profile',
        at('shape-input.onnx'),
        '--accuracy',
        '0.5',
        ...QUICK,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('inference fails with input x=1x6, shape=3');
      expect(result.stderr).toContain(
        'integer input shape (int64) was fed zeros: if it feeds a shape or sizes (Reshape, Split, Expand, Range, …), give its values with --input shape=DIMS:V1,V2,… or --inputs-pb DIR\n',
      );
    });

    it('profiles it with the values given by --input', async () => {
      const result = await runCli([
        'profile',
        at('shape-input.onnx'),
        '--input',
        'shape=3:1,2,3',
        '--accuracy',
        '0.5',
        '--json',
        ...QUICK,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ id: 'shape-input' });
    });

    it('profiles it with the values of an ONNX test-data directory', async () => {
      const data = at('shape-input-data');
      await mkdir(data, { recursive: true });
      const int64 = new Uint8Array(new BigInt64Array([2n, 3n, 1n]).buffer);
      await writeFile(
        join(data, 'input_0.pb'),
        encodeTensorProto({
          name: 'x',
          type: 'float32',
          dims: [1, 6],
          contents: { kind: 'bytes', bytes: float32Bytes([1, 2, 3, 4, 5, 6]) },
        }),
      );
      // Unnamed: the model's second input.
      await writeFile(
        join(data, 'input_1.pb'),
        encodeTensorProto({
          name: '',
          type: 'int64',
          dims: [3],
          contents: { kind: 'bytes', bytes: int64 },
        }),
      );
      const result = await runCli([
        'profile',
        at('shape-input.onnx'),
        '--inputs-pb',
        data,
        '--accuracy',
        '0.5',
        ...QUICK,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  });

  describe('when the input is bad', () => {
    const cases: Array<{ name: string; args: () => string[]; stderr: () => string; code: number }> =
      [
        {
          name: 'a missing file',
          args: () => [at('missing.onnx')],
          stderr: () => `understudy: model file not found: ${at('missing.onnx')}\n`,
          code: 2,
        },
        {
          name: 'a directory',
          args: () => [at('resnet-like')],
          stderr: () => `understudy: ${at('resnet-like')} is a directory, not a model file\n`,
          code: 2,
        },
        {
          name: 'a file that is not ONNX',
          args: () => [at('notes.onnx')],
          stderr: () => `understudy: ${at('notes.onnx')} is not an ONNX model\n`,
          code: 2,
        },
        {
          name: 'an empty file',
          args: () => [at('empty.onnx')],
          stderr: () =>
            `understudy: ${at('empty.onnx')} is not an ONNX model (the file is empty)\n`,
          code: 2,
        },
        {
          name: 'a truncated file',
          args: () => [at('truncated.onnx')],
          stderr: () =>
            `understudy: ${at('truncated.onnx')} is a truncated ONNX file (it ends inside a field)\n`,
          code: 2,
        },
        {
          name: 'a shape that does not fit',
          args: () => [at('resnet-like/resnet18.onnx'), '--input', 'image=1x3x64x64'],
          stderr: () =>
            'understudy: --input image=1x3x64x64 does not fit input image of shape 1x3x32x32 (dimension 2 must be 32)\n',
          code: 2,
        },
        {
          name: 'a shape of the wrong rank',
          args: () => [at('resnet-like/resnet18.onnx'), '--input', 'image=3x32x32'],
          stderr: () =>
            'understudy: --input image=3x32x32 does not fit input image of shape 1x3x32x32 (rank 4, not 3)\n',
          code: 2,
        },
        {
          name: 'shapes that disagree on a shared dimension',
          args: () => [at('multi-io.onnx'), '--input', 'ids=1x4', '--input', 'mask=2x4'],
          stderr: () =>
            'understudy: --input mask=2x4 sets dimension batch to 2, but another --input sets it to 1\n',
          code: 2,
        },
        {
          name: 'an input the model does not have',
          args: () => [at('resnet-like/resnet18.onnx'), '--input', 'pixels=1x3'],
          stderr: () =>
            'understudy: --input pixels: the model has no input named pixels (inputs: image)\n',
          code: 2,
        },
        {
          name: 'a malformed --input',
          args: () => [at('resnet-like/resnet18.onnx'), '--input', 'image:1x3'],
          stderr: () =>
            'understudy: --input image:1x3: expected NAME=DIMS with positive sizes, e.g. image=1x3x224x224, or NAME=DIMS:VALUES, e.g. shape=3:1,-1,10\n',
          code: 2,
        },
        {
          name: 'a dataset that does not exist',
          args: () => [at('linear-probe/probe_small.onnx'), '--dataset', at('none.jsonl')],
          stderr: () => `understudy: dataset file not found: ${at('none.jsonl')}\n`,
          code: 2,
        },
        {
          name: 'a dataset for another input width',
          args: () => [at('linear-probe/probe_small.onnx'), '--dataset', at('wrong-width.jsonl')],
          stderr: () =>
            `understudy: ${at('wrong-width.jsonl')} line 1: input features has 3 values, the shape 1x512 needs 512\n`,
          code: 2,
        },
        {
          name: 'a zero --runs',
          args: () => [at('resnet-like/resnet18.onnx'), '--runs', '0'],
          stderr: () => 'understudy: --runs must be a positive integer (got 0)\n',
          code: 2,
        },
        {
          name: 'an accuracy given in percent',
          args: () => [at('resnet-like/resnet18.onnx'), '--accuracy', '76.1'],
          stderr: () =>
            'understudy: --accuracy must be a number from 0 to 1 (got 76.1; a percentage must be divided by 100)\n',
          code: 2,
        },
        {
          name: 'a --register without a variant',
          args: () => [at('resnet-like/resnet18.onnx'), '--register', 'resnet'],
          stderr: () =>
            "understudy: --register resnet: expected FAMILY/VARIANT, each of lower-case letters, digits, '.', '_' or '-'\n",
          code: 2,
        },
        {
          name: 'a --register without --api',
          args: () => [at('resnet-like/resnet18.onnx'), '--register', 'resnet/r18'],
          stderr: () =>
            'understudy: --register needs --api URL (the planner API to register with)\n',
          code: 2,
        },
        {
          name: 'an --api that is not http',
          args: () => [
            at('resnet-like/resnet18.onnx'),
            '--register',
            'resnet/r18',
            '--api',
            'ftp://host',
          ],
          stderr: () => 'understudy: --api ftp://host: only http and https URLs are supported\n',
          code: 2,
        },
      ];
    for (const { name, args, stderr, code } of cases) {
      it(`rejects ${name} with one line and exit code ${code}`, async () => {
        const result = await runCli(['profile', ...QUICK, ...args()]);
        expect(result).toEqual({ code, stdout: '', stderr: stderr() });
      });
    }

    // onnxruntime's own wording follows the prefix; it is not ours to pin, the one line is.
    const ortCases = [
      {
        name: 'a graph onnxruntime rejects',
        file: 'broken-graph.onnx',
        prefix: () => `understudy: ${at('broken-graph.onnx')}: onnxruntime cannot load it: `,
      },
      {
        name: 'a model that cannot run at the defaulted shape',
        file: 'dynamic-image.onnx',
        prefix: () =>
          `understudy: ${at('dynamic-image.onnx')}: inference fails with input image=1x3x1x1: `,
      },
    ];
    for (const { name, file, prefix } of ortCases) {
      it(`rejects ${name} with one line and exit code 2`, async () => {
        const result = await runCli(['profile', at(file), ...QUICK]);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr.startsWith(prefix())).toBe(true);
        expect(result.stderr.split('\n')).toHaveLength(2);
      });
    }
  });

  describe('when --register names a family on a running planner', () => {
    it('upserts the measured variant into that family', async () => {
      const server = await startTestServer({ label: 'profile-register' });
      try {
        await server.must('PUT', '/v1/families/resnet', {
          body: familyBody('r50'),
        });
        const result = await runCli([
          'profile',
          at('resnet-like/resnet18.onnx'),
          ...QUICK,
          '--json',
          '--register',
          'resnet/r18',
          '--accuracy',
          '0.7',
          '--api',
          server.url,
        ]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const family = (await server.call('GET', '/v1/families/resnet')).body as {
          variants: Array<{ id: string; accuracy: number; accuracySource: string; loadMs: number }>;
        };
        expect(family.variants.map((variant) => variant.id)).toEqual(['r50', 'r18']);
        expect(family.variants[1]).toMatchObject({
          id: 'r18',
          accuracy: 0.7,
          accuracySource: 'supplied',
        });
        expect(family.variants[1]?.loadMs).toBeGreaterThan(0);
      } finally {
        await server.dispose();
      }
    });

    it('creates the family when the planner has none of that name, with the model’s signature', async () => {
      const server = await startTestServer({ label: 'profile-register' });
      try {
        const result = await runCli([
          'profile',
          at('resnet-like/resnet18.onnx'),
          ...QUICK,
          '--json',
          '--register',
          'ghost/r18',
          '--task',
          'image-classification',
          '--accuracy',
          '0.7',
          '--api',
          server.url,
        ]);
        expect(result.stderr).toBe(
          "understudy: created family ghost (task image-classification) with r18; its signature is this model's\n",
        );
        expect(result.code).toBe(0);
        const family = (await server.call('GET', '/v1/families/ghost')).body;
        expect(family).toMatchObject({
          task: 'image-classification',
          signature: { inputs: [{ name: 'image', type: 'float32', dims: [1, 3, 32, 32] }] },
          variants: [{ id: 'r18', accuracy: 0.7 }],
        });
      } finally {
        await server.dispose();
      }
    });

    it('reports a model whose signature is not the family’s with the API problem, exit code 1', async () => {
      const server = await startTestServer({ label: 'profile-register' });
      try {
        await server.must('PUT', '/v1/families/resnet', {
          body: {
            task: 'image-classification',
            signature: {
              inputs: [{ name: 'image', type: 'float32', dims: [1, 3, 32, 32] }],
              outputs: [{ name: 'logits', type: 'float32', dims: [1, 10] }],
            },
            variants: familyBody('r50').variants,
          },
        });
        const result = await runCli([
          'profile',
          at('linear-probe/probe_small.onnx'),
          ...QUICK,
          '--register',
          'resnet/probe',
          '--accuracy',
          '0.7',
          '--api',
          server.url,
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          'understudy: registering failed: PUT /v1/families/resnet/variants/probe answered 422',
        );
        expect(result.stderr).toContain('features is not one of the family');
        const family = (await server.call('GET', '/v1/families/resnet')).body as {
          variants: Array<{ id: string }>;
        };
        expect(family.variants.map((variant) => variant.id)).toEqual(['r50']);
      } finally {
        await server.dispose();
      }
    });
  });
});
