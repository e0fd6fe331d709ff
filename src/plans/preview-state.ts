/**
 * The what-if of `POST /v1/plans/preview`: the cluster snapshot with the request's changes
 * applied, in memory only. Changes apply in a fixed order: nodes removed, nodes upserted, apps
 * removed, apps upserted, apps patched. Every reference that does not resolve is reported at
 * once, with a JSON Pointer into the request body.
 */
import type { components } from '../../openapi/types.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { appDoc, nodeDoc } from '../store/documents.ts';
import type { AppDoc, NodeDoc } from '../store/index.ts';
import { applyMergePatch } from '../store/merge-patch.ts';
import type { ClusterSnapshot } from './problem-from-state.ts';

type PreviewRequest = components['schemas']['PreviewRequest'];
type AppInput = components['schemas']['AppInput'];

export type PreviewOutcome =
  { ok: true; cluster: ClusterSnapshot } | { ok: false; problems: FieldProblem[] };

export function applyPreview(cluster: ClusterSnapshot, request: PreviewRequest): PreviewOutcome {
  const problems: FieldProblem[] = [];
  const nodes = new Map(cluster.nodes.map((node) => [node.id, node]));
  const apps = new Map(cluster.apps.map((app) => [app.id, app]));
  const removed = new Set(request.removeNodes ?? []);
  (request.removeNodes ?? []).forEach((id, i) => {
    if (!nodes.delete(id)) problems.push(missing(`/body/removeNodes/${i}`, 'node', id));
  });
  for (const { id, node } of request.upsertNodes ?? []) nodes.set(id, nodeDoc(id, node));
  (request.removeApps ?? []).forEach((id, i) => {
    if (!apps.delete(id)) problems.push(missing(`/body/removeApps/${i}`, 'app', id));
  });
  for (const { id, app } of request.upsertApps ?? []) apps.set(id, appDoc(id, app));
  (request.patchApps ?? []).forEach(({ id, patch }, i) => {
    const current = apps.get(id);
    if (current === undefined) problems.push(missing(`/body/patchApps/${i}/id`, 'app', id));
    else apps.set(id, appDoc(id, applyMergePatch(current, patch) as AppInput));
  });
  const changed = { ...cluster, nodes: [...nodes.values()], apps: [...apps.values()] };
  problems.push(...referenceProblems(changed, request));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    cluster: { ...changed, apps: changed.apps.map((app) => unpinned(app, removed)) },
  };
}

/**
 * An app pinned to a removed node is unpinned in the copy: the question "what if this node
 * goes" is answered by letting the planner place its primaries elsewhere.
 */
function unpinned(app: AppDoc, removed: ReadonlySet<string>): AppDoc {
  if (app.primaryNode === undefined || !removed.has(app.primaryNode)) return app;
  const copy = { ...app };
  delete copy.primaryNode;
  return copy;
}

/** Upserted and patched apps must name an existing family, variant and (pinned) node. */
function referenceProblems(cluster: ClusterSnapshot, request: PreviewRequest): FieldProblem[] {
  const families = new Map(cluster.families.map((family) => [family.id, family]));
  const nodes = new Set(cluster.nodes.map((node: NodeDoc) => node.id));
  const appById = new Map(cluster.apps.map((app) => [app.id, app]));
  const checks = [
    ...(request.upsertApps ?? []).map(({ id }, i) => ({ id, at: `/body/upsertApps/${i}/app` })),
    ...(request.patchApps ?? []).map(({ id }, i) => ({ id, at: `/body/patchApps/${i}/patch` })),
  ];
  const problems: FieldProblem[] = [];
  for (const { id, at } of checks) {
    const app = appById.get(id);
    if (app === undefined) continue;
    const family = families.get(app.family);
    if (family === undefined) {
      problems.push({ pointer: `${at}/family`, detail: `no model family named "${app.family}"` });
    } else if (!family.variants.some((variant) => variant.id === app.primaryVariant)) {
      const known = family.variants.map((variant) => variant.id).join(', ');
      problems.push({
        pointer: `${at}/primaryVariant`,
        detail: `family "${app.family}" has no variant "${app.primaryVariant}"; it has: ${known}`,
      });
    }
    const pin = app.primaryNode;
    if (pin !== undefined && !nodes.has(pin) && !(request.removeNodes ?? []).includes(pin))
      problems.push({ pointer: `${at}/primaryNode`, detail: `no node named "${pin}"` });
  }
  return problems;
}

function missing(pointer: string, kind: string, id: string): FieldProblem {
  return { pointer, detail: `no ${kind} named "${id}"` };
}
