import { Router } from 'express';
import { DomainError } from '../../errors.ts';
import type { Store } from '../../store/index.ts';
import { found, param } from '../respond.ts';

/** `/v1/plans` and `/v1/solves`: published plans, and the solves that make them. */
export function plansRouter(store: Store): Router {
  const router = Router();

  router.get('/v1/plans', async (req, res) => {
    const limit = Number(req.query.limit ?? 50);
    res.json({ items: await store.plans.list(limit) });
  });

  router.get('/v1/plans/current', async (_req, res) => {
    res.json(found(await store.plans.current(), 'plan has been published yet'));
  });

  router.get('/v1/plans/:version', async (req, res) => {
    const version = Number(param(req.params.version));
    res.json(found(await store.plans.get(version), `plan version ${version}`));
  });

  router.post('/v1/plans', () => {
    throw new DomainError('NOT_IMPLEMENTED', 'solving plans through the API is not available yet');
  });

  router.post('/v1/plans/preview', () => {
    throw new DomainError('NOT_IMPLEMENTED', 'plan previews are not available yet');
  });

  router.get('/v1/plans/:from/diff/:to', () => {
    throw new DomainError('NOT_IMPLEMENTED', 'plan diffs are not available yet');
  });

  router.get('/v1/solves/:solveId', (req) => {
    throw new DomainError('NOT_FOUND', `no solve with id ${param(req.params.solveId)}`);
  });

  return router;
}
