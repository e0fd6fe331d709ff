import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/api-server.ts';
import type { TestServer } from '../support/api-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ label: 'metrics' });
});
afterAll(async () => server.dispose());

describe('GET /metrics', () => {
  it('counts requests by route template and status, and observes their latency', async () => {
    await server.call('GET', '/v1/nodes/missing-one');
    await server.call('GET', '/v1/nodes/missing-two');
    const reply = await server.call('GET', '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = String(reply.body);
    expect(text).toContain(
      'understudy_http_requests_total{method="GET",route="/v1/nodes/:nodeId",status="404"} 2',
    );
    expect(text).toMatch(
      /understudy_http_request_duration_seconds_count\{method="GET",route="\/v1\/nodes\/:nodeId"\} 2/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
