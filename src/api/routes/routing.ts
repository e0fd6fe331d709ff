/**
 * Routing: `POST /v1/apps/{id}/infer` forwards to the node serving the app now, with retry
 * across a failover; `GET /v1/apps/{id}/route` and `GET /v1/routes/stream` (server-sent
 * events) let clients call agents directly and follow changes.
 *
 * Mount this router BEFORE `express.json()` and the OpenAPI validator: the infer body is
 * forwarded byte for byte (a tensor frame would otherwise be rejected or parsed, and JSON
 * parsed then re-serialised costs more than the 1 ms overhead budget). The infer route does
 * its own minimal checks (content type, body size); the agent validates the tensors and
 * its problem+json answers pass through. If it is mounted after `express.json()` anyway,
 * a JSON body that was already parsed is re-serialised rather than lost.
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import { DomainError } from '../../../core/errors.ts';
import type { InferForwarder } from '../../router/infer-forwarder.ts';
import type { RouteTable, VersionedRoute } from '../../router/route-table.ts';
import { found, param } from '../respond.ts';

export const TENSOR_FRAME_TYPE = 'application/vnd.understudy.tensors';

/** Interval between keep-alive comments on the route stream, in ms. */
const STREAM_PING_MS = 15_000;

/** What {@link routingRouter} needs. */
export interface RoutingDeps {
  routes: Pick<RouteTable, 'get' | 'all' | 'onChange'>;
  forwarder: Pick<InferForwarder, 'forward'>;
  /** Largest accepted inference body, in bytes. */
  bodyLimitBytes: number;
}

export function routingRouter(deps: RoutingDeps): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: deps.bodyLimitBytes });
  router.post('/v1/apps/:appId/infer', raw, async (req, res) => {
    const contentType = mediaTypeOf(req);
    const result = await deps.forwarder.forward({
      app: param(req.params.appId),
      body: bodyOf(req),
      contentType,
      ...(req.headers.accept === undefined ? {} : { accept: req.headers.accept }),
    });
    res.status(result.status);
    for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
    res.setHeader('Understudy-Route-Retries', String(result.retries));
    res.end(result.body);
  });
  router.get('/v1/apps/:appId/route', (req, res) => {
    const app = param(req.params.appId);
    res.json(routeBody(found(deps.routes.get(app), `route for application ${app}`)));
  });
  router.get('/v1/routes/stream', (req, res) => streamRoutes(deps.routes, req, res));
  return router;
}

function mediaTypeOf(req: Request): string {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type === TENSOR_FRAME_TYPE) return type;
  throw new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    `content type ${type || '(none)'} is not accepted`,
    [
      {
        pointer: '/headers/content-type',
        detail: `must be application/json or ${TENSOR_FRAME_TYPE}`,
      },
    ],
  );
}

function bodyOf(req: Request): Buffer {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return body;
  if (body !== undefined && body !== null) return Buffer.from(JSON.stringify(body));
  return Buffer.alloc(0);
}

/** The wire form of a route (see `Route` in openapi/understudy.yaml). */
function routeBody(route: VersionedRoute) {
  const { app, state, reason, node, address, variant, role, planVersion, version } = route;
  return {
    app,
    state,
    ...(reason === undefined ? {} : { reason }),
    node,
    address,
    variant,
    role,
    planVersion,
    version,
  };
}

/** One `route` event per app now, then one per change, until the client goes. */
function streamRoutes(routes: RoutingDeps['routes'], req: Request, res: Response): void {
  req.socket.setTimeout(0);
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  const send = (route: VersionedRoute) =>
    res.write(`event: route\nid: ${route.version}\ndata: ${JSON.stringify(routeBody(route))}\n\n`);
  const unsubscribe = routes.onChange(send);
  for (const route of routes.all()) send(route);
  const ping = setInterval(() => res.write(': ping\n\n'), STREAM_PING_MS);
  res.once('close', () => {
    clearInterval(ping);
    unsubscribe();
  });
}
