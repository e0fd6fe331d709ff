import { Router } from 'express';
import type { Store } from '../../store/index.ts';

/** `/v1/events`: the event history, paged by cursor. */
export function eventsRouter(store: Store): Router {
  const router = Router();
  router.get('/v1/events', async (req, res) => {
    const since = typeof req.query.since === 'string' ? req.query.since : undefined;
    const limit = Number(req.query.limit ?? 100);
    res.json(await store.events.read({ limit, ...(since === undefined ? {} : { since }) }));
  });
  return router;
}
