import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlApp } from '../../agents/control-app.ts';
import type { AgentState } from '../../agents/agent-state.ts';
import { freePort } from '../../kit/free-port.ts';
import { post } from '../../kit/http.ts';

describe("an agent's indirect probe (POST /v1/probe)", () => {
  let agent: Server;
  let url = '';
  let own = '';

  beforeAll(async () => {
    agent = createServer(
      createControlApp({
        nodeId: 'edge-b',
        version: 'test',
        state: () => ({}) as AgentState,
        draining: () => false,
        logger: pino({ level: 'silent' }),
      }),
    );
    agent.listen(0, '127.0.0.1');
    await once(agent, 'listening');
    own = `127.0.0.1:${(agent.address() as AddressInfo).port}`;
    url = `http://${own}`;
  });

  afterAll(() => {
    agent.closeAllConnections();
    agent.close();
  });

  it('reports a node that answers as reachable', async () => {
    const reply = await post(`${url}/v1/probe`, { address: own, timeoutMs: 500 });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ result: 'reachable' });
  });

  it('reports a closed port as refused', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const reply = await post(`${url}/v1/probe`, { address: closed, timeoutMs: 500 });
    expect(reply.body).toMatchObject({ result: 'refused' });
  });

  it('refuses a malformed request with a problem naming the field', async () => {
    const reply = await post(`${url}/v1/probe`, { address: 'nowhere', timeoutMs: 0 });
    expect(reply.status).toBe(400);
    const pointers = (reply.body as { errors: Array<{ pointer: string }> }).errors.map(
      (error) => error.pointer,
    );
    expect(pointers).toEqual(expect.arrayContaining(['/body/address', '/body/timeoutMs']));
  });
});
