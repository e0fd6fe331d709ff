import { Router } from 'express';
import type { Request, Response } from 'express';
import type { components } from '../../../openapi/types.ts';
import { diffPlans, emptyPlan } from '../../../solver/diff/index.ts';
import type { DiffFigures } from '../../../solver/diff/index.ts';
import { DomainError } from '../../../core/errors.ts';
import { applyPreview } from '../../plans/preview-state.ts';
import { problemFromState } from '../../plans/problem-from-state.ts';
import { readCluster } from '../../plans/read-cluster.ts';
import type { SolveFn } from '../../plans/solve-coordinator.ts';
import { REPORT_MEDIA_TYPES, renderPlanDiff } from '../../reports/render-plan-diff.ts';
import type { ReportFormat } from '../../reports/render-plan-diff.ts';
import type { AppDoc, FamilyDoc, Store } from '../../store/index.ts';
import { param } from '../respond.ts';

type Schemas = components['schemas'];

/** What {@link planDiffsRouter} needs. */
export interface PlanDiffsDeps {
  store: Store;
  /** Solves a problem without publishing anything (the solver's `solvePlan`, which checks). */
  solve: SolveFn;
}

/** Media types in the server's order of preference, for `req.accepts`. */
const OFFERED = (Object.keys(REPORT_MEDIA_TYPES) as ReportFormat[]).map((format) => ({
  format,
  type: REPORT_MEDIA_TYPES[format],
}));

/**
 * `GET /v1/plans/{from}/diff/{to}` in JSON, Markdown or HTML by content negotiation, and
 * `POST /v1/plans/preview`: the plan a modified copy of the state would get, with its diff
 * against the current plan. Neither stores anything.
 */
export function planDiffsRouter(deps: PlanDiffsDeps): Router {
  const router = Router();
  router.get('/v1/plans/:from/diff/:to', (req, res) => sendDiff(deps, req, res));
  router.post('/v1/plans/preview', (req, res) => sendPreview(deps, req, res));
  return router;
}

async function sendDiff(deps: PlanDiffsDeps, req: Request, res: Response): Promise<void> {
  const format = negotiate(req);
  const [fromVersion, toVersion] = [Number(param(req.params.from)), Number(param(req.params.to))];
  const [from, to, figures] = await Promise.all([
    deps.store.plans.get(fromVersion),
    deps.store.plans.get(toVersion),
    readFigures(deps.store),
  ]);
  if (from === undefined || to === undefined) {
    const missing = from === undefined ? fromVersion : toVersion;
    throw new DomainError('NOT_FOUND', `no plan version ${missing}`);
  }
  const diff = diffPlans(from, to, figures);
  res.vary('Accept');
  if (format === 'json') res.json(diff);
  else res.type(`${REPORT_MEDIA_TYPES[format]}; charset=utf-8`).send(renderPlanDiff(diff, format));
}

async function sendPreview(deps: PlanDiffsDeps, req: Request, res: Response): Promise<void> {
  const request = req.body as Schemas['PreviewRequest'];
  const [cluster, current] = await Promise.all([
    readCluster(deps.store),
    deps.store.plans.current(),
  ]);
  const outcome = applyPreview(cluster, request);
  if (!outcome.ok) {
    const count = outcome.problems.length;
    const what =
      count === 1 ? '1 reference in the preview does' : `${count} references in the preview do`;
    throw new DomainError('UNKNOWN_REFERENCE', `${what} not resolve`, outcome.problems);
  }
  const solved = await deps.solve(problemFromState(outcome.cluster, request.solve ?? {}));
  // Not published, so not numbered: version 0, as the spec says of such a plan.
  const plan: Schemas['Plan'] = { ...solved, version: 0 };
  const diff = diffPlans(current ?? emptyPlan(), plan, outcome.cluster);
  const preview: Schemas['PlanPreview'] = { plan, diff };
  res.json(preview);
}

/** The best format the client accepts; none acceptable is a 406 naming what is offered. */
function negotiate(req: Request): ReportFormat {
  const type = req.accepts(OFFERED.map((offer) => offer.type));
  const offer = OFFERED.find((candidate) => candidate.type === type);
  if (offer === undefined) {
    const offered = OFFERED.map((candidate) => candidate.type).join(', ');
    throw new DomainError('NOT_ACCEPTABLE', `a plan diff is available as ${offered}`, [
      { pointer: '/headers/accept', detail: `must accept one of ${offered}` },
    ]);
  }
  return offer.format;
}

/** Family figures and app weights for load-time estimates; the current state is the best known. */
async function readFigures(store: Store): Promise<DiffFigures> {
  const [families, apps] = await Promise.all([
    store.state.list<FamilyDoc>('family'),
    store.state.list<AppDoc>('app'),
  ]);
  return { families: families.map((family) => family.doc), apps: apps.map((app) => app.doc) };
}
