import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Counter, Histogram, collectDefaultMetrics } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * Counts requests and observes their latency per route template (never per raw URL, so ids
 * do not explode the label space), and logs each request once it has been answered.
 */
export function httpMetrics(registry: Registry, logger: Logger): RequestHandler {
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'understudy_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'understudy_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route.',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (req, res, next) => {
    const startNs = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - startNs) / 1e9;
      const route = typeof req.route?.path === 'string' ? req.route.path : 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      latency.observe({ method: req.method, route }, seconds);
      logger.debug(
        { method: req.method, path: req.originalUrl, status: res.statusCode, ms: seconds * 1000 },
        'request',
      );
    });
    next();
  };
}
