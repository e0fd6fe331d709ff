/**
 * The words and cell texts both plan-diff reports (Markdown and HTML) use, so the two read
 * alike. Numbers are worded by solver/diff/format.ts, as in the summary line.
 */
import {
  formatMiB,
  formatMs,
  formatPercent,
  formatPoints,
  plural,
  versionLabel,
} from '../../solver/diff/index.ts';
import type {
  Assignment,
  PlanDiff,
  PlanDiffApp,
  PlanDiffAppChange,
  PlanDiffNodeMemory,
  PlanTransitionPhaseName,
  PlanTransitionStep,
} from '../../solver/diff/index.ts';

/** Reports list at most this many apps and nodes; the JSON has them all. */
export const REPORT_ROW_LIMIT = 200;

const CHANGE_LABELS: Record<PlanDiffAppChange, string> = {
  added: 'added',
  removed: 'removed',
  'primary-moved': 'primary moved',
  'primary-variant-changed': 'primary variant changed',
  'newly-protected': 'newly protected',
  'newly-unprotected': 'newly unprotected',
  'understudy-moved': 'understudy moved',
  'understudy-variant-changed': 'understudy variant changed',
  'understudy-mode-changed': 'understudy mode changed',
  'first-step-changed': 'first step changed',
  'unprotected-reason-changed': 'reason changed',
  'estimates-changed': 'estimates changed',
};

const PHASE_LABELS: Record<PlanTransitionPhaseName, string> = {
  'stage-files': 'Stage files for cold understudies',
  'release-understudies': 'Release understudies no longer planned',
  'load-primaries': 'Load primaries at their new place',
  'release-primaries': 'Release old primaries',
  'load-understudies': 'Load new warm understudies',
  'unstage-files': 'Remove files no longer needed',
};

export function reportTitle(diff: PlanDiff): string {
  return `Plan diff ${versionLabel(diff.from, 'from')} → ${versionLabel(diff.to, 'to')}`;
}

export function changesText(app: PlanDiffApp): string {
  return app.changes.map((change) => CHANGE_LABELS[change]).join(', ');
}

export function phaseLabel(phase: PlanTransitionPhaseName): string {
  return PHASE_LABELS[phase];
}

/** `a → b`, or just `a` when nothing changed; a missing side reads `—`. */
export function beforeAfter(before: string | undefined, after: string | undefined): string {
  if (before === after) return before ?? '—';
  return `${before ?? '—'} → ${after ?? '—'}`;
}

export function primaryText(assignment: Assignment | null): string | undefined {
  return assignment === null
    ? undefined
    : `${assignment.primary.node}/${assignment.primary.variant}`;
}

export function understudyText(assignment: Assignment | null): string | undefined {
  if (assignment === null) return undefined;
  const understudy = assignment.understudy;
  if (understudy === null || understudy === undefined) return 'none';
  const firstStep =
    understudy.firstStepVariant === undefined ? '' : `, first ${understudy.firstStepVariant}`;
  return `${understudy.node}/${understudy.variant} ${understudy.mode}${firstStep}`;
}

export function accuracyText(assignment: Assignment | null): string | undefined {
  if (assignment === null) return undefined;
  const accuracy = assignment.understudy ? assignment.expectedAccuracy : null;
  return accuracy === null || accuracy === undefined ? 'none' : formatPercent(accuracy);
}

export function recoveryText(assignment: Assignment | null): string | undefined {
  if (assignment === null) return undefined;
  const ms = assignment.understudy ? assignment.expectedRecoveryMs : null;
  return ms === null || ms === undefined ? 'none' : formatMs(ms);
}

export function pointsText(app: PlanDiffApp): string {
  return app.before === null || app.after === null ? '' : formatPoints(app.accuracyDelta);
}

export function capacityText(memory: PlanDiffNodeMemory | null): string | undefined {
  return memory === null ? undefined : formatMiB(memory.capacityMiB);
}

export function memoryText(
  memory: PlanDiffNodeMemory | null,
  field: 'steadyMiB' | 'worstCaseMiB',
): string | undefined {
  if (memory === null) return undefined;
  const failure =
    field === 'worstCaseMiB' && memory.worstFailure !== null
      ? ` (${memory.worstFailure} down)`
      : '';
  return `${formatMiB(memory[field])}${failure}`;
}

/** One transition step as a sentence: `c: load resnet/r152 for cam1 (900 ms)`. */
export function stepText(step: PlanTransitionStep): string {
  const model = step.family === undefined ? step.variant : `${step.family}/${step.variant}`;
  const who = step.app ?? (step.apps ?? []).join(', ');
  const time = step.loadMs === undefined ? '' : ` (${formatMs(step.loadMs)})`;
  switch (step.action) {
    case 'load':
      return `${step.node}: load ${model} as ${step.role ?? 'session'} of ${who}${time}`;
    case 'unload':
      return `${step.node}: unload ${model}, ${step.role ?? 'session'} of ${who}`;
    case 'retag':
      return `${step.node}: keep ${model} loaded, now ${step.role ?? 'session'} of ${who}`;
    case 'stage':
      return `${step.node}: stage ${model} for ${who}`;
    case 'unstage':
      return `${step.node}: remove staged ${model} of ${who}`;
  }
}

/** `3 loads, 1 unload, ...; estimated ≈ 1.2 s` with the assumptions the estimate makes. */
export function transitionText(diff: PlanDiff): string {
  const t = diff.transition;
  const counts = [
    plural(t.loads, 'load'),
    plural(t.unloads, 'unload'),
    plural(t.retags, 're-tag'),
    `${plural(t.stages, 'file')} to stage`,
    `${t.unstages} to remove`,
  ].join(', ');
  const estimate =
    t.estimatedMs === null
      ? `time unknown: ${t.unknownLoadTimes} load(s) of variants whose figures are not known`
      : `estimated ≈ ${formatMs(t.estimatedMs)} (nodes in parallel, one load at a time per node)`;
  return `${counts}; ${estimate}.`;
}
