/**
 * The agent's routes other than inference — `/healthz`, `/v1/state`, `/v1/probe` (an
 * indirect probe of another node for the leader), and the problem+json
 * answers for everything else — as an express app validated against openapi/agent.yaml.
 * These are not on the hot path, so they get the full validator; `POST /v1/infer/{app}` is
 * answered before this app (see inference-handler.ts) and only reaches it with another method.
 */
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Logger } from 'pino';
import type { components } from '../openapi/agent-types.ts';
import { notFound, problemHandler } from '../core/problem.ts';
import { DomainError } from '../core/errors.ts';
import { probeHealth } from '../core/health-probe.ts';
import type { AgentState } from './agent-state.ts';

type AgentHealth = components['schemas']['AgentHealth'];
type ProbeRequest = components['schemas']['ProbeRequest'];
type ProbeResult = components['schemas']['ProbeResult'];

export const AGENT_SPEC_PATH = fileURLToPath(new URL('../openapi/agent.yaml', import.meta.url));

export interface ControlAppOptions {
  nodeId: string;
  version: string;
  state: () => AgentState;
  draining: () => boolean;
  logger: Logger;
  /** Check responses against the spec too (tests). */
  validateResponses?: boolean;
}

export function createControlApp(options: ControlAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '16kb' }));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: AGENT_SPEC_PATH,
      validateRequests: { allErrors: true, allowUnknownQueryParameters: false },
      validateResponses: options.validateResponses ?? false,
      validateSecurity: false,
      validateApiSpec: false,
    }),
  );
  app.get('/healthz', (_req, res) => {
    const health: AgentHealth = {
      status: options.draining() ? 'draining' : 'ok',
      node: options.nodeId,
      version: options.version,
    };
    res.json(health);
  });
  app.post('/v1/probe', async (req, res) => {
    const { address, timeoutMs } = req.body as ProbeRequest;
    const outcome: ProbeResult = await probeHealth(address, timeoutMs);
    res.json(outcome);
  });
  app.get('/v1/state', (_req, res) => {
    res.json(options.state());
  });
  // The inference server answers `/v1/watch` itself while it runs; it reaches this app only
  // once the agent drains, when a new stream would only hold the drain up.
  app.get('/v1/watch', () => {
    throw new DomainError('AGENT_DRAINING', 'the agent is shutting down; watch it no longer');
  });
  app.use(notFound);
  app.use(problemHandler(options.logger));
  return app;
}
