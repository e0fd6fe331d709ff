import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';
import { app, family, variant } from '../support/builders.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'families' });
});
afterAll(async () => server.dispose());

describe('the families API', () => {
  describe('when a family is created and read back', () => {
    it('round-trips the variants with their defaults', async () => {
      const created = await server.call('PUT', '/v1/families/resnet', {
        body: family('r18', 'r50'),
      });
      expect(created.status).toBe(201);
      const read = await server.call('GET', '/v1/families/resnet');
      expect(read.body).toEqual({
        id: 'resnet',
        task: 'image-classification',
        variants: [
          { ...variant('r18'), accuracySource: 'supplied', standIn: false },
          { ...variant('r50'), accuracySource: 'supplied', standIn: false },
        ],
      });
      const list = await server.call('GET', '/v1/families');
      expect(list.body).toMatchObject({ items: [{ id: 'resnet' }] });
    });
  });

  describe('when one variant is upserted', () => {
    it('replaces it in place or appends it', async () => {
      await server.must('PUT', '/v1/families/mobile', { body: family('small', 'large') });
      await server.must('PUT', '/v1/families/mobile/variants/small', {
        body: variant('small', { accuracy: 0.5 }),
      });
      const appended = await server.call('PUT', '/v1/families/mobile/variants/tiny', {
        body: variant('tiny'),
      });
      expect(appended.status).toBe(200);
      const variants = (appended.body as { variants: Array<{ id: string; accuracy: number }> })
        .variants;
      expect(variants.map((item) => [item.id, item.accuracy])).toEqual([
        ['small', 0.5],
        ['large', 0.75],
        ['tiny', 0.75],
      ]);
    });

    it('refuses a body naming another variant than the path', async () => {
      const reply = await server.call('PUT', '/v1/families/mobile/variants/tiny', {
        body: variant('other'),
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        errors: [{ pointer: '/body/id', detail: 'must be "tiny", the variant id in the path' }],
      });
    });

    it('answers 404 for a family that does not exist', async () => {
      const reply = await server.call('PUT', '/v1/families/ghost/variants/a', {
        body: variant('a'),
      });
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ code: 'NOT_FOUND', detail: 'no family named ghost' });
    });
  });

  describe.each([
    { name: 'a missing field', body: { variants: [variant('a')] }, pointer: '/body/task' },
    { name: 'a wrong type', body: { task: 'x', variants: 'a,b' }, pointer: '/body/variants' },
    {
      name: 'an out-of-range number',
      body: { task: 'x', variants: [variant('a', { accuracy: 1.5 })] },
      pointer: '/body/variants/0/accuracy',
    },
    {
      name: 'an unknown property',
      body: { task: 'x', variants: [{ ...variant('a'), vendor: 'acme' }] },
      pointer: '/body/variants/0/vendor',
    },
    {
      name: 'a duplicate variant id',
      body: { task: 'x', variants: [variant('a'), variant('a')] },
      pointer: '/body/variants/1/id',
    },
  ])('when the body has $name', ({ body, pointer }) => {
    it('answers 400 naming the field and stores nothing', async () => {
      const reply = await server.call('PUT', '/v1/families/broken', { body });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer }] });
      expect((await server.call('GET', '/v1/families/broken')).status).toBe(404);
    });
  });

  describe('when variants carry signatures', () => {
    const data0 = (dims: Array<number | string> = ['N', 3, 224, 224]) => ({
      inputs: [{ name: 'data_0', type: 'float32' as const, dims }],
      outputs: [{ name: 'softmaxout_1', type: 'float32' as const, dims: ['N', 1000] }],
    });
    const gpu = {
      inputs: [{ name: 'gpu_0/data_0', type: 'float32' as const, dims: ['batch', 3, 224, 224] }],
      outputs: [{ name: 'fc6_1', type: 'float32' as const, dims: ['batch', 1000] }],
    };

    it('takes the family’s signature from its first variant and keeps it', async () => {
      const created = await server.call('PUT', '/v1/families/signed', {
        body: {
          task: 'image-classification',
          variants: [variant('a', { signature: data0() }), variant('b', { signature: data0() })],
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ signature: data0() });
    });

    it('accepts a variant with other names once it maps them onto the family’s', async () => {
      const reply = await server.call('PUT', '/v1/families/signed/variants/gpu', {
        body: variant('gpu', {
          signature: gpu,
          tensorNames: { inputs: { 'gpu_0/data_0': 'data_0' }, outputs: { fc6_1: 'softmaxout_1' } },
        }),
      });
      expect(reply.status).toBe(200);
    });

    it('refuses one that does not keep it with 422, naming each field, and stores nothing', async () => {
      const before = await server.call('GET', '/v1/families/signed');
      const unmapped = await server.call('PUT', '/v1/families/signed/variants/raw', {
        body: variant('raw', { signature: gpu }),
      });
      expect(unmapped.status).toBe(422);
      expect(unmapped.body).toMatchObject({
        code: 'SIGNATURE_MISMATCH',
        errors: expect.arrayContaining([
          expect.objectContaining({ pointer: '/body/signature/inputs/0/name' }),
          expect.objectContaining({ pointer: '/body/signature/outputs/0/name' }),
        ]),
      });
      const small = await server.call('PUT', '/v1/families/signed/variants/small', {
        body: variant('small', {
          signature: {
            inputs: [{ name: 'x', type: 'float32', dims: [1, 3, 112, 112] }],
            outputs: data0().outputs,
          },
          tensorNames: { inputs: { x: 'data_0' } },
        }),
      });
      expect(small.status).toBe(422);
      expect((small.body as { errors: Array<{ pointer: string; detail: string }> }).errors).toEqual(
        [
          {
            pointer: '/body/signature/inputs/0/dims/0',
            detail:
              "x (as data_0) fixes dimension 0 to 1; the family's is dynamic (N), so clients may send any size",
          },
          {
            pointer: '/body/signature/inputs/0/dims/2',
            detail: "x (as data_0) has 112 at dimension 2; the family's has 224",
          },
          {
            pointer: '/body/signature/inputs/0/dims/3',
            detail: "x (as data_0) has 112 at dimension 3; the family's has 224",
          },
        ],
      );
      expect((await server.call('GET', '/v1/families/signed')).body).toEqual(before.body);
    });

    it('keeps a probe input that fits the signature, and refuses one that does not', async () => {
      const probe = (dims: number[], values: number) => ({
        inputs: { data_0: { type: 'float32', dims, data: new Array(values).fill(0) } },
      });
      const fits = await server.call('PUT', '/v1/families/probed', {
        body: {
          task: 'image-classification',
          signature: data0([1, 3, 2, 2]),
          probeInput: probe([1, 3, 2, 2], 12),
          variants: [variant('a')],
        },
      });
      expect(fits.status).toBe(201);
      expect(fits.body).toMatchObject({ probeInput: probe([1, 3, 2, 2], 12) });
      const wrong = await server.call('PUT', '/v1/families/misprobed', {
        body: {
          task: 'image-classification',
          signature: data0([1, 3, 2, 2]),
          probeInput: probe([1, 3, 4, 4], 12),
          variants: [variant('a')],
        },
      });
      expect(wrong.status).toBe(422);
      expect((wrong.body as { errors: unknown[] }).errors).toEqual([
        {
          pointer: '/body/probeInput/inputs/data_0/dims',
          detail: "[1,3,4,4] does not fit the family's [1,3,2,2]",
        },
        {
          pointer: '/body/probeInput/inputs/data_0/data',
          detail: 'must hold 48 values (the product of dims), not 12',
        },
      ]);
    });

    it('refuses a family whose variants disagree, pointing into the variant at fault', async () => {
      const reply = await server.call('PUT', '/v1/families/split', {
        body: {
          task: 'image-classification',
          signature: data0(),
          variants: [
            variant('a', { signature: data0() }),
            variant('b', {
              signature: {
                ...data0(),
                inputs: [{ name: 'data_0', type: 'float16', dims: ['N', 3, 224, 224] }],
              },
            }),
            variant('c', { signature: gpu, tensorNames: { inputs: { nothing: 'data_0' } } }),
          ],
        },
      });
      expect(reply.status).toBe(422);
      const pointers = (reply.body as { errors: Array<{ pointer: string }> }).errors.map(
        (error) => error.pointer,
      );
      expect(pointers).toContain('/body/variants/1/signature/inputs/0/type');
      expect(pointers).toContain('/body/variants/2/tensorNames/inputs/nothing');
      expect(pointers.every((pointer) => !pointer.startsWith('/body/variants/0'))).toBe(true);
      expect((await server.call('GET', '/v1/families/split')).status).toBe(404);
    });
  });

  describe('when an app uses the family', () => {
    it('refuses to delete the family or drop the used variant (409), and allows it once the app is gone', async () => {
      await server.must('PUT', '/v1/families/used', { body: family('v1', 'v2') });
      await server.must('PUT', '/v1/apps/uses-it', { body: app('used', 'v2') });

      const deleted = await server.call('DELETE', '/v1/families/used');
      expect(deleted.status).toBe(409);
      expect(deleted.body).toMatchObject({
        code: 'IN_USE',
        detail: 'family used cannot be changed that way: app uses-it uses it',
      });
      const dropped = await server.call('PUT', '/v1/families/used', { body: family('v1') });
      expect(dropped.status).toBe(409);
      const droppingUnused = await server.call('PUT', '/v1/families/used', { body: family('v2') });
      expect(droppingUnused.status).toBe(200);

      await server.call('DELETE', '/v1/apps/uses-it');
      expect((await server.call('DELETE', '/v1/families/used')).status).toBe(204);
    });
  });
});
