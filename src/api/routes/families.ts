import { Router } from 'express';
import { DomainError } from '../../../core/errors.ts';
import { stillFails } from '../../store/index.ts';
import type { FamilyDoc, Store } from '../../store/index.ts';
import { writeConditions } from '../conditions.ts';
import { found, param, sendResource } from '../respond.ts';

/** `/v1/families`: model families and their variants. */
export function familiesRouter(store: Store): Router {
  const router = Router();

  router.get('/v1/families', async (_req, res) => {
    const families = await store.state.list<FamilyDoc>('family');
    res.json({ items: families.map((family) => family.doc) });
  });

  router.get('/v1/load-failures', async (_req, res) => {
    const [failures, families] = await Promise.all([
      store.recovery.loadFailures(),
      store.state.list<FamilyDoc>('family'),
    ]);
    const variants = new Map(
      families.flatMap((family) =>
        family.doc.variants.map((variant) => [`${family.doc.id}/${variant.id}`, variant] as const),
      ),
    );
    const items = failures
      .filter((failure) => {
        const variant = variants.get(`${failure.family}/${failure.variant}`);
        return variant !== undefined && stillFails(failure, variant);
      })
      .sort((a, b) => b.atMs - a.atMs);
    res.json({ items });
  });

  router.get('/v1/families/:familyId', async (req, res) => {
    const id = param(req.params.familyId);
    const family = found(
      await store.state.get<FamilyDoc>('family', id),
      `model family named ${id}`,
    );
    sendResource(res, family.doc, family.revision);
  });

  router.put('/v1/families/:familyId', async (req, res) => {
    const id = param(req.params.familyId);
    const result = await store.state.putFamily(id, req.body, writeConditions(req));
    sendResource(res, result.doc, result.revision, {
      created: result.created,
      location: `/v1/families/${id}`,
    });
  });

  router.delete('/v1/families/:familyId', async (req, res) => {
    await store.state.delete('family', param(req.params.familyId), writeConditions(req));
    res.status(204).end();
  });

  router.put('/v1/families/:familyId/variants/:variantId', async (req, res) => {
    const familyId = param(req.params.familyId);
    const variantId = param(req.params.variantId);
    if (req.body.id !== variantId) {
      throw new DomainError('VALIDATION_FAILED', 'the body names another variant than the path', [
        { pointer: '/body/id', detail: `must be "${variantId}", the variant id in the path` },
      ]);
    }
    const variant = req.body;
    const result = await store.state.putVariant(familyId, variant, writeConditions(req));
    sendResource(res, result.doc, result.revision);
  });

  return router;
}
