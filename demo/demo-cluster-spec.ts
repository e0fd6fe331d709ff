/**
 * The demo cluster, embedded: nodes of different sizes and a dozen applications over three
 * model families with mixed SLOs and weights. At the zoo's default scale a session takes
 * 2.6–18 MiB and the twelve primaries about 90 MiB; the nodes hold 170 MiB, so losing any one
 * still leaves room for every primary, but not every application can have a full-size warm
 * copy: tight recovery objectives get warm understudies, relaxed ones cold (often
 * progressive) ones, as the solver sees fit.
 */
import type { components } from '../openapi/types.ts';

type AppInput = components['schemas']['AppInput'];

export interface DemoNode {
  id: string;
  /** Memory for models, in MiB. */
  memoryMiB: number;
}

export interface DemoApp {
  id: string;
  input: AppInput;
}

/** Memory of the first nodes, in MiB; further nodes (`--agents` above 4) get 40 MiB each. */
const NODE_MEMORY_MIB = [35, 40, 45, 50];
const EXTRA_NODE_MEMORY_MIB = 40;

export function demoNodes(count: number): DemoNode[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `edge-${i + 1}`,
    memoryMiB: NODE_MEMORY_MIB[i] ?? EXTRA_NODE_MEMORY_MIB,
  }));
}

function app(
  id: string,
  family: string,
  primaryVariant: string,
  slo: { maxRecoveryMs: number; minAccuracy: number },
  weight: number,
): DemoApp {
  return { id, input: { family, primaryVariant, weight, slo } };
}

/** Accuracy floors sit below each family's smallest variants that should qualify. */
export const DEMO_APPS: readonly DemoApp[] = [
  app('door-cam', 'resnet-like', 'resnet50', { maxRecoveryMs: 50, minAccuracy: 0.69 }, 3),
  app('yard-cam', 'resnet-like', 'resnet101', { maxRecoveryMs: 100, minAccuracy: 0.73 }, 2),
  app('dock-cam', 'resnet-like', 'resnet152', { maxRecoveryMs: 2_000, minAccuracy: 0.75 }, 1),
  app('gate-cam', 'resnet-like', 'resnet34', { maxRecoveryMs: 500, minAccuracy: 0.69 }, 1),
  app(
    'qa-line-1',
    'efficientnet-like',
    'efficientnet_b3',
    { maxRecoveryMs: 50, minAccuracy: 0.8 },
    3,
  ),
  app(
    'qa-line-2',
    'efficientnet-like',
    'efficientnet_b4',
    { maxRecoveryMs: 1_000, minAccuracy: 0.82 },
    2,
  ),
  app(
    'qa-line-3',
    'efficientnet-like',
    'efficientnet_b7',
    { maxRecoveryMs: 3_000, minAccuracy: 0.83 },
    1,
  ),
  app(
    'qa-line-4',
    'efficientnet-like',
    'efficientnet_b1',
    { maxRecoveryMs: 200, minAccuracy: 0.77 },
    1,
  ),
  app(
    'drone-1',
    'mobilenet-like',
    'mobilenet_v3_large',
    { maxRecoveryMs: 50, minAccuracy: 0.7 },
    2,
  ),
  app('drone-2', 'mobilenet-like', 'mobilenet_v2', { maxRecoveryMs: 300, minAccuracy: 0.67 }, 1),
  app(
    'kiosk-1',
    'mobilenet-like',
    'mobilenet_v3_large',
    { maxRecoveryMs: 2_000, minAccuracy: 0.72 },
    1,
  ),
  app(
    'kiosk-2',
    'mobilenet-like',
    'mobilenet_v3_small',
    { maxRecoveryMs: 100, minAccuracy: 0.6 },
    1,
  ),
];
