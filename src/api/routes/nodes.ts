import { Router } from 'express';
import type { components } from '../../../openapi/types.ts';
import type { Liveness, NodeDoc, Store } from '../../store/index.ts';
import { writeConditions } from '../conditions.ts';
import { found, param, sendResource } from '../respond.ts';

type Node = components['schemas']['Node'];

/** `/v1/nodes`: desired state from operators and agents, liveness from the controller. */
export function nodesRouter(store: Store): Router {
  const router = Router();

  router.get('/v1/nodes', async (_req, res) => {
    const nodes = await store.state.list<NodeDoc>('node');
    const liveness = await store.liveness.getMany(nodes.map((node) => node.doc.id));
    res.json({ items: nodes.map((node) => withLiveness(node.doc, liveness.get(node.doc.id))) });
  });

  router.get('/v1/nodes/:nodeId', async (req, res) => {
    const id = param(req.params.nodeId);
    const node = found(await store.state.get<NodeDoc>('node', id), `node named ${id}`);
    const liveness = await store.liveness.getMany([id]);
    sendResource(res, withLiveness(node.doc, liveness.get(id)), node.revision);
  });

  router.put('/v1/nodes/:nodeId', async (req, res) => {
    const id = param(req.params.nodeId);
    const result = await store.state.putNode(id, req.body, writeConditions(req));
    const liveness = await store.liveness.getMany([id]);
    sendResource(res, withLiveness(result.doc, liveness.get(id)), result.revision, {
      created: result.created,
      location: `/v1/nodes/${id}`,
    });
  });

  router.patch('/v1/nodes/:nodeId', async (req, res) => {
    const id = param(req.params.nodeId);
    const result = await store.state.patchNode(id, req.body, writeConditions(req));
    const liveness = await store.liveness.getMany([id]);
    sendResource(res, withLiveness(result.doc, liveness.get(id)), result.revision);
  });

  router.delete('/v1/nodes/:nodeId', async (req, res) => {
    const id = param(req.params.nodeId);
    await store.state.delete('node', id, writeConditions(req));
    await store.liveness.clear(id);
    res.status(204).end();
  });

  return router;
}

/** A node never heard from counts as up: its plan waits in its queue until the agent starts. */
function withLiveness(doc: NodeDoc, liveness: Liveness | undefined): Node {
  return {
    ...doc,
    status: doc.draining ? 'draining' : (liveness?.status ?? 'up'),
    ...(liveness?.epoch === undefined ? {} : { epoch: liveness.epoch }),
    ...(liveness?.lastHeartbeatMs === undefined
      ? {}
      : { lastHeartbeatAt: new Date(liveness.lastHeartbeatMs).toISOString() }),
  };
}
