import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Store } from '../../store/index.ts';

/** Liveness, readiness (Redis answers) and Prometheus metrics. */
export function healthRouter(store: Store, registry: Registry, version: string): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version });
  });

  // A failing ping throws STORE_UNAVAILABLE, which the problem handler answers with 503.
  router.get('/readyz', async (_req, res) => {
    await store.ping();
    res.json({ status: 'ok', version });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  return router;
}
