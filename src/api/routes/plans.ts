import { Router } from 'express';
import type { SolveCoordinator } from '../../plans/solve-coordinator.ts';
import type { Store } from '../../store/index.ts';
import { found, param } from '../respond.ts';

/** `/v1/plans` and `/v1/solves`: published plans, and the solves that make them. */
export function plansRouter(store: Store, solves: SolveCoordinator): Router {
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

  router.post('/v1/plans', async (req, res) => {
    const solve = await solves.start(req.body ?? {});
    res.status(202).location(`/v1/solves/${solve.id}`).json(solve);
  });

  router.get('/v1/solves/:solveId', async (req, res) => {
    const id = param(req.params.solveId);
    res.json(found(await store.solves.get(id), `solve with id ${id}`));
  });

  return router;
}
