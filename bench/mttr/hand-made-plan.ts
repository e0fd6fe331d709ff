/**
 * The hand-made plan of a round: every primary on edge-a (the node the fault hits), each app's
 * understudy on edge-b or edge-c in the mode the configuration names, as node slices (applied
 * through the node queues) and as the published plan the router reads. Hand-made so that each configuration
 * is exactly what it claims, whatever the solver would prefer.
 */
import { planSlice } from '../../kit/plan-slice.ts';
import type { components } from '../../openapi/types.ts';

type Schemas = components['schemas'];
type ModelRef = Schemas['ModelRef'];
type NodePlanSlice = Schemas['NodePlanSlice'];
type Plan = Schemas['Plan'];

/** The node every fault hits; it holds every primary. */
export const FAULTED = 'edge-a';
export const SURVIVORS = ['edge-b', 'edge-c'] as const;

export const CONFIGURATIONS = ['warm', 'progressive', 'mixed', 'baseline-restart'] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];

/**
 * How one app's understudy takes over: a warm session of the small variant; a cold understudy
 * (files staged) whose first step is the small variant, the primary variant planned; or a
 * cold load of the full-size primary variant (a stand-in for restarting the primary).
 */
export type UnderstudyMode = 'warm' | 'progressive' | 'restart';

/** One application of the workload: a zoo family, its primary and its small variant. */
export interface AppSpec {
  app: string;
  family: string;
  primaryVariant: string;
  smallVariant: string;
  understudyNode: (typeof SURVIVORS)[number];
  /** Its understudy's mode in the `mixed` configuration. */
  mixedMode: 'warm' | 'progressive';
}

export function modeOf(configuration: Configuration, app: AppSpec): UnderstudyMode {
  if (configuration === 'mixed') return app.mixedMode;
  return configuration === 'baseline-restart' ? 'restart' : configuration;
}

/** Model refs of the apps' variants (declared memory included). */
export interface RefSource {
  ref(family: string, variant: string): ModelRef;
  accuracy(family: string, variant: string): number | null;
}

/** The node slices: primaries on edge-a, understudies on edge-b/edge-c. */
export function slicesFor(
  configuration: Configuration,
  apps: readonly AppSpec[],
  zoo: RefSource,
  planVersion: number,
): NodePlanSlice[] {
  const primaryRef = (a: AppSpec) => zoo.ref(a.family, a.primaryVariant);
  const smallRef = (a: AppSpec) => zoo.ref(a.family, a.smallVariant);
  const faulted = planSlice(FAULTED, planVersion, {
    sessions: apps.map((a) => ({
      app: a.app,
      role: 'primary' as const,
      serving: true,
      model: primaryRef(a),
    })),
  });
  const survivors = SURVIVORS.map((node) => {
    const mine = apps.filter((a) => a.understudyNode === node);
    const warm = mine.filter((a) => modeOf(configuration, a) === 'warm');
    const progressive = mine.filter((a) => modeOf(configuration, a) === 'progressive');
    const restart = mine.filter((a) => modeOf(configuration, a) === 'restart');
    return planSlice(node, planVersion, {
      sessions: warm.map((a) => ({
        app: a.app,
        role: 'understudy' as const,
        serving: false,
        model: smallRef(a),
      })),
      stage: [
        ...progressive.flatMap((a) => [smallRef(a), primaryRef(a)]),
        ...restart.map(primaryRef),
      ],
      failover: [
        {
          failedNode: FAULTED,
          actions: mine.map((a) => {
            const mode = modeOf(configuration, a);
            if (mode === 'warm') return { app: a.app, mode: 'warm' as const, model: smallRef(a) };
            return {
              app: a.app,
              mode: 'cold' as const,
              model: primaryRef(a),
              ...(mode === 'progressive' ? { firstStep: smallRef(a) } : {}),
            };
          }),
        },
      ],
    });
  });
  return [faulted, ...survivors];
}

/** The published plan matching the slices (what the router and the recovery tracker read). */
export function planFor(
  configuration: Configuration,
  apps: readonly AppSpec[],
  zoo: RefSource,
): Plan {
  return {
    version: 0,
    createdAt: new Date().toISOString(),
    inputsDigest: `bench-mttr-${configuration}`,
    protection: 'node',
    nodes: [],
    unprotected: [],
    solver: {
      method: 'hand-made',
      status: 'optimal',
      objective: 0,
      bestBound: 0,
      gapPct: 0,
      timeMs: 0,
    },
    assignments: apps.map((a) => {
      const mode = modeOf(configuration, a);
      const variant = mode === 'warm' ? a.smallVariant : a.primaryVariant;
      return {
        app: a.app,
        primary: { node: FAULTED, variant: a.primaryVariant },
        understudy: {
          node: a.understudyNode,
          variant,
          mode: mode === 'warm' ? ('warm' as const) : ('cold' as const),
          ...(mode === 'progressive' ? { firstStepVariant: a.smallVariant } : {}),
        },
        expectedAccuracy: zoo.accuracy(a.family, variant),
        expectedRecoveryMs: null,
      };
    }),
  };
}
