/**
 * What express and express-openapi-validator would add to the inference hot path, measured
 * in one process against the agent's own fast path (inference-handler.ts) on the same loaded
 * session: the same JSON body, the same signature check and run, three servers —
 *   fast:      node:http + InferenceHandler (what the agent runs)
 *   express:   express 5 router + express.json()
 *   validated: express + express.json() + OpenApiValidator on openapi/agent.yaml
 * Client and servers share this process, so absolute figures are higher than against a
 * separate agent process; the differences between the three are the point.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { pino } from 'pino';
import { createPreciseClock } from '../../agents/clock.ts';
import { AGENT_SPEC_PATH } from '../../agents/control-app.ts';
import { InferenceHandler } from '../../agents/inference-handler.ts';
import { InferenceServer } from '../../agents/inference-server.ts';
import { jsonValues } from '../../agents/json-tensor-data.ts';
import { ModelLoader } from '../../agents/model-loader.ts';
import { feedsFromJson } from '../../agents/request-feeds.ts';
import { SessionManager } from '../../agents/session-manager.ts';
import { percentile, round } from '../../profiler/stats.ts';
import { problemHandler } from '../../core/problem.ts';
import { KeepAliveClient } from './keep-alive-client.ts';
import { interleave } from './interleave.ts';
import type { InterleaveSettings } from './interleave.ts';
import type { OverheadCase } from './overhead.ts';

export interface ValidatorCost {
  family: string;
  variant: string;
  /** p50 of one JSON request, in ms, per server. */
  fastMs: number;
  expressMs: number;
  validatedMs: number;
  /** validated − fast: what the validator path would add to the agent's p50. */
  addedByExpressAndValidatorMs: number;
}

const BODY_LIMIT = 16 * 1024 * 1024;
const silent = pino({ level: 'silent' });

export async function measureValidatorCost(
  testCase: OverheadCase,
  settings: InterleaveSettings,
): Promise<ValidatorCost> {
  const sessions = await loadedSessions(testCase);
  const fast = new InferenceServer({
    inference: new InferenceHandler({
      nodeId: 'bench',
      sessions,
      planVersion: () => 1,
      bodyLimitBytes: BODY_LIMIT,
      logger: silent,
    }),
    control: () => express(),
    keepAliveTimeoutMs: 60_000,
  });
  const { port: fastPort } = await fast.listen('127.0.0.1', 0);
  const servers = [
    await listen(expressApp(sessions, false)),
    await listen(expressApp(sessions, true)),
  ];
  const [plainPort, validatedPort] = servers.map(
    (server) => (server.address() as AddressInfo).port,
  );
  const clients = [fastPort, plainPort, validatedPort].map(
    (port) => new KeepAliveClient(port ?? 0),
  );
  const path = `/v1/infer/${testCase.app}`;
  const body = jsonBody(testCase);
  const call = (client: KeepAliveClient | undefined) => async () => {
    const reply = await client?.post(path, 'application/json', body);
    if (reply?.status !== 200)
      throw new Error(`answered ${reply?.status}: ${reply?.body.toString()}`);
  };
  const samples = await interleave(
    { fast: call(clients[0]), express: call(clients[1]), validated: call(clients[2]) },
    settings,
  );
  for (const client of clients) client.close();
  await fast.drain(1_000);
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await sessions.unloadAll();
  const p50 = (values: number[]) => round(percentile(values, 50), 3);
  return {
    family: testCase.family,
    variant: testCase.variant,
    fastMs: p50(samples.fast),
    expressMs: p50(samples.express),
    validatedMs: p50(samples.validated),
    addedByExpressAndValidatorMs: round(p50(samples.validated) - p50(samples.fast), 3),
  };
}

async function loadedSessions(testCase: OverheadCase): Promise<SessionManager> {
  const clock = createPreciseClock();
  const loader = new ModelLoader({ intraOpThreads: 1, clock });
  const sessions = new SessionManager({ capacityMiB: 1e6, loader, clock, logger: silent });
  const model = {
    family: testCase.family,
    variant: testCase.variant,
    location: testCase.path,
    memoryMiB: 1,
  };
  await sessions.load({
    app: testCase.app,
    role: 'primary',
    serving: true,
    model,
    path: testCase.path,
    priority: 'plan',
    prime: true,
  });
  return sessions;
}

function jsonBody(testCase: OverheadCase): string {
  const count = testCase.dims.reduce((product, dim) => product * dim, 1);
  const data = Array.from(Float32Array.from({ length: count }, (_, i) => Math.sin(i) * 0.5 + 0.5));
  return JSON.stringify({
    inputs: { [testCase.input]: { type: 'float32', dims: testCase.dims, data } },
  });
}

function expressApp(sessions: SessionManager, validate: boolean): Express {
  const app = express();
  app.set('etag', false);
  app.use(express.json({ limit: BODY_LIMIT }));
  if (validate) {
    app.use(
      OpenApiValidator.middleware({
        apiSpec: AGENT_SPEC_PATH,
        validateRequests: { allErrors: true },
        validateResponses: false,
        validateApiSpec: false,
      }),
    );
  }
  app.post('/v1/infer/:app', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const replica = sessions.active(String(req.params.app));
      if (replica === undefined) throw new Error('not served');
      const outputs = await replica.session.run(feedsFromJson(req.body, replica.signature));
      const json: Record<string, unknown> = {};
      for (const [name, tensor] of Object.entries(outputs)) {
        json[name] = {
          type: tensor.type,
          dims: tensor.dims,
          data: jsonValues(tensor.type, tensor.data),
        };
      }
      res.json({ node: 'bench', app: req.params.app, outputs: json });
    } catch (error) {
      next(error);
    }
  });
  app.use(problemHandler(silent));
  return app;
}

async function listen(app: Express): Promise<Server> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}
