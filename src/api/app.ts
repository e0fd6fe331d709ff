import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SolveCoordinator, SolveFn } from '../plans/solve-coordinator.ts';
import type { Store } from '../store/index.ts';
import { requireBearerToken } from './auth.ts';
import { httpMetrics } from './metrics.ts';
import { notFound, problemHandler } from '../../core/problem.ts';
import { appsRouter } from './routes/apps.ts';
import { eventsRouter } from './routes/events.ts';
import { familiesRouter } from './routes/families.ts';
import { healthRouter } from './routes/health.ts';
import { nodesRouter } from './routes/nodes.ts';
import { planDiffsRouter } from './routes/plan-diffs.ts';
import { plansRouter } from './routes/plans.ts';
import { routingRouter } from './routes/routing.ts';
import type { RoutingDeps } from './routes/routing.ts';

export const SPEC_PATH = fileURLToPath(new URL('../../openapi/understudy.yaml', import.meta.url));

/** What {@link createApi} needs. */
export interface ApiOptions {
  store: Store;
  /** Runs and publishes solves (`POST /v1/plans`). */
  solves: SolveCoordinator;
  /** Solves without publishing, for previews. */
  solve: SolveFn;
  /** Where each app is served, and the forwarder of inference requests. */
  routing: Omit<RoutingDeps, 'bodyLimitBytes'>;
  logger: Logger;
  registry: Registry;
  /** Bearer token required on mutating routes; none when undefined. */
  apiToken?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Largest inference body the router forwards, in bytes. */
  inferBodyLimitBytes: number;
  /** Check every response against the spec too (tests); failures become 500s. */
  validateResponses?: boolean;
  /** Reported by `/healthz`. */
  version: string;
}

/** The planner's REST API as an express app, wired to its dependencies. */
export function createApi(options: ApiOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(httpMetrics(options.registry, options.logger));
  // Ahead of body parsing, auth and the validator: inference bodies are forwarded byte for byte.
  app.use(routingRouter({ ...options.routing, bodyLimitBytes: options.inferBodyLimitBytes }));
  app.use(
    express.json({
      limit: options.bodyLimitBytes,
      type: ['application/json', 'application/merge-patch+json', 'application/*+json'],
    }),
  );
  if (options.apiToken !== undefined) app.use(requireBearerToken(options.apiToken));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: SPEC_PATH,
      validateRequests: { allErrors: true, allowUnknownQueryParameters: false },
      validateResponses: options.validateResponses ?? false,
      validateSecurity: false,
      validateApiSpec: false,
    }),
  );
  app.use(healthRouter(options.store, options.registry, options.version));
  app.use(nodesRouter(options.store));
  app.use(familiesRouter(options.store));
  app.use(appsRouter(options.store));
  app.use(planDiffsRouter({ store: options.store, solve: options.solve }));
  app.use(plansRouter(options.store, options.solves));
  app.use(eventsRouter(options.store));
  app.use(notFound);
  app.use(problemHandler(options.logger));
  return app;
}
