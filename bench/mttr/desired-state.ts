/**
 * The desired state matching the hand-made plan, registered through the planner's REST API
 * (the agents register their nodes themselves): one family per zoo family used, holding the
 * two variants the apps use, and one app per client, its primary pinned to edge-a. The leader
 * re-plans from this state after the failover, so it must say what the plan says.
 *
 * SLOs are chosen so that the two survivors can protect every app: `minAccuracy` is the small
 * variant's accuracy rounded down (either variant may stand in), `maxRecoveryMs` is ample for
 * a cold load of the primary variant at the declared figures.
 */
import type { components } from '../../openapi/types.ts';
import type { BenchZoo } from './bench-zoo.ts';
import { FAULTED } from './hand-made-plan.ts';
import type { AppSpec } from './hand-made-plan.ts';

type Schemas = components['schemas'];

/** The apps' recovery SLO, in ms. */
export const APP_MAX_RECOVERY_MS = 500;

export async function registerDesiredState(options: {
  url: string;
  apps: readonly AppSpec[];
  zoo: BenchZoo;
  /** The planner's API token (it has one when it listens on a non-loopback address). */
  apiToken?: string;
}): Promise<void> {
  const { url, apps, zoo } = options;
  const put = (target: string, body: unknown) => putJson(target, body, options.apiToken);
  for (const [family, variants] of variantsByFamily(apps)) {
    const body: Schemas['FamilyInput'] = {
      task: zoo.task(family),
      description: 'MTTR benchmark: the variants its apps use, figures declared.',
      variants: [...variants].map((variant) => zoo.variantInput(family, variant)),
    };
    await put(`${url}/v1/families/${family}`, body);
  }
  for (const app of apps) {
    const accuracies = [app.smallVariant, app.primaryVariant].map(
      (variant) => zoo.accuracy(app.family, variant) ?? 0,
    );
    const body: Schemas['AppInput'] = {
      family: app.family,
      primaryVariant: app.primaryVariant,
      primaryNode: FAULTED,
      slo: {
        maxRecoveryMs: APP_MAX_RECOVERY_MS,
        minAccuracy: Math.floor(Math.min(...accuracies) * 100) / 100,
      },
    };
    await put(`${url}/v1/apps/${app.app}`, body);
  }
}

/** Each family's variants the apps use, smallest first as the apps name them. */
function variantsByFamily(apps: readonly AppSpec[]): Map<string, Set<string>> {
  const families = new Map<string, Set<string>>();
  for (const app of apps) {
    const variants = families.get(app.family) ?? new Set<string>();
    variants.add(app.smallVariant).add(app.primaryVariant);
    families.set(app.family, variants);
  }
  return families;
}

async function putJson(url: string, body: unknown, token: string | undefined): Promise<void> {
  const response = await fetch(url, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`PUT ${url} answered ${response.status}: ${await response.text()}`);
}
