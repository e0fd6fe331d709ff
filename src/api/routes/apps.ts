import { Router } from 'express';
import type { AppDoc, Store } from '../../store/index.ts';
import { writeConditions } from '../conditions.ts';
import { found, param, sendResource } from '../respond.ts';

/** `/v1/apps`: applications and their SLOs. */
export function appsRouter(store: Store): Router {
  const router = Router();

  router.get('/v1/apps', async (_req, res) => {
    const apps = await store.state.list<AppDoc>('app');
    res.json({ items: apps.map((app) => app.doc) });
  });

  router.get('/v1/apps/:appId', async (req, res) => {
    const id = param(req.params.appId);
    const app = found(await store.state.get<AppDoc>('app', id), `application named ${id}`);
    sendResource(res, app.doc, app.revision);
  });

  router.put('/v1/apps/:appId', async (req, res) => {
    const id = param(req.params.appId);
    const result = await store.state.putApp(id, req.body, writeConditions(req));
    sendResource(res, result.doc, result.revision, {
      created: result.created,
      location: `/v1/apps/${id}`,
    });
  });

  router.patch('/v1/apps/:appId', async (req, res) => {
    const id = param(req.params.appId);
    const result = await store.state.patchApp(id, req.body, writeConditions(req));
    sendResource(res, result.doc, result.revision);
  });

  router.delete('/v1/apps/:appId', async (req, res) => {
    await store.state.delete('app', param(req.params.appId), writeConditions(req));
    res.status(204).end();
  });

  return router;
}
