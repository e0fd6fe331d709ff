import { formatDeltaMs, formatMs, formatPoints, plural, versionLabel } from './format.ts';
import type { PlanDiff, PlanDiffApp, PlanDiffAppChange } from './types.ts';

/** Everything of a diff but its summary line, which is made from the rest. */
export type DiffBody = Omit<PlanDiff, 'summary'>;

/**
 * The diff in one line, for chat, logs and the `plan.published` event, e.g.
 * `v3 → v4: 2 apps change (1 primary moved, 1 newly unprotected); failover accuracy -0.40 pt;
 * transition: 1 load, 1 unload, ≈ 300 ms`.
 */
export function summaryLine(diff: DiffBody): string {
  const head = `${versionLabel(diff.from, 'from')} → ${versionLabel(diff.to, 'to')}`;
  if (diff.empty) return `${head}: no changes`;
  const parts = [appsPart(diff.apps), accuracyPart(diff), recoveryPart(diff), transitionPart(diff)];
  return `${head}: ${parts.filter((part) => part !== '').join('; ')}`;
}

/** Sub-counts named in the summary, in this order; an app may count under several. */
const NAMED_CHANGES: ReadonlyArray<[PlanDiffAppChange[], string, string]> = [
  [['added'], 'added', 'added'],
  [['removed'], 'removed', 'removed'],
  [['primary-moved'], 'primary moved', 'primaries moved'],
  [['newly-protected'], 'newly protected', 'newly protected'],
  [['newly-unprotected'], 'newly unprotected', 'newly unprotected'],
  [
    [
      'understudy-moved',
      'understudy-variant-changed',
      'understudy-mode-changed',
      'first-step-changed',
    ],
    'understudy changed',
    'understudies changed',
  ],
];

function appsPart(apps: readonly PlanDiffApp[]): string {
  if (apps.length === 0) return 'no app changes';
  const details = NAMED_CHANGES.map(([changes, one, many]) => {
    const count = apps.filter((app) =>
      app.changes.some((change) => changes.includes(change)),
    ).length;
    return count === 0 ? '' : `${count} ${count === 1 ? one : many}`;
  }).filter((detail) => detail !== '');
  const head = `${plural(apps.length, 'app')} ${apps.length === 1 ? 'changes' : 'change'}`;
  return details.length === 0 ? head : `${head} (${details.join(', ')})`;
}

function accuracyPart(diff: DiffBody): string {
  const delta = diff.accuracy.delta;
  return delta === null || delta === 0 ? '' : `failover accuracy ${formatPoints(delta)}`;
}

function recoveryPart(diff: DiffBody): string {
  const delta = diff.recovery.deltaMs;
  return delta === null || delta === 0 ? '' : `mean recovery ${formatDeltaMs(delta)}`;
}

function transitionPart(diff: DiffBody): string {
  const t = diff.transition;
  const counts = [
    t.loads > 0 ? plural(t.loads, 'load') : '',
    t.unloads > 0 ? plural(t.unloads, 'unload') : '',
    t.stages > 0 ? `${plural(t.stages, 'file')} to stage` : '',
  ].filter((count) => count !== '');
  if (counts.length === 0) return '';
  const time = t.estimatedMs === null ? 'load time unknown' : `≈ ${formatMs(t.estimatedMs)}`;
  return `transition: ${counts.join(', ')}, ${time}`;
}
