import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'errors', inferBodyLimitBytes: 4096 });
});
afterAll(async () => server.dispose());

describe('errors at the HTTP edge', () => {
  it.each([
    {
      name: 'an unknown route',
      method: 'GET',
      path: '/v1/unknown',
      want: {
        status: 404,
        code: 'NOT_FOUND',
        type: 'urn:understudy:problem:not-found',
        instance: '/v1/unknown',
      },
    },
    {
      name: 'a missing resource',
      method: 'GET',
      path: '/v1/apps/nobody',
      want: { status: 404, code: 'NOT_FOUND', detail: 'no application named nobody' },
    },
    {
      name: 'a method the route does not have',
      method: 'POST',
      path: '/healthz',
      want: { status: 405, code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed' },
    },
    {
      name: 'a body of the wrong media type',
      method: 'PUT',
      path: '/v1/nodes/n',
      rawBody: 'memoryMiB=1',
      headers: { 'content-type': 'text/plain' },
      want: {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        errors: [{ pointer: '/headers/content-type' }],
      },
    },
    {
      name: 'a body that is not JSON',
      method: 'PUT',
      path: '/v1/nodes/n',
      rawBody: '{"memoryMiB": ',
      headers: { 'content-type': 'application/json' },
      want: { status: 400, code: 'MALFORMED_BODY', errors: [{ pointer: '/body' }] },
    },
    {
      name: 'a body over the size limit',
      method: 'PUT',
      path: '/v1/nodes/n',
      rawBody: JSON.stringify({ memoryMiB: 1, labels: { big: 'x'.repeat(2 * 1024 * 1024) } }),
      headers: { 'content-type': 'application/json' },
      want: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'an inference body over --infer-body-limit',
      method: 'POST',
      path: '/v1/apps/cam/infer',
      rawBody: 'x'.repeat(8192),
      headers: { 'content-type': 'application/vnd.understudy.tensors' },
      want: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'an out-of-range query parameter',
      method: 'GET',
      path: '/v1/events?limit=0',
      want: {
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ pointer: '/query/limit', detail: 'must be >= 1' }],
      },
    },
    {
      name: 'an unknown query parameter',
      method: 'GET',
      path: '/v1/plans?colour=red',
      want: { status: 400, errors: [{ pointer: '/query/colour' }] },
    },
  ])('answers $name with problem+json', async ({ method, path, rawBody, headers, want }) => {
    const reply = await server.call(method, path, {
      ...(rawBody ? { rawBody } : {}),
      ...(headers ? { headers } : {}),
    });
    expect(reply.status).toBe(want.status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject(want);
    expect((await server.call('GET', '/v1/nodes/n')).status).toBe(404);
  });
});
