import type { FigureBook } from './figure-book.ts';
import { holdingsOf } from './holdings.ts';
import type { HeldSession, Holdings, StagedFile } from './holdings.ts';
import type {
  Plan,
  PlanTransition,
  PlanTransitionPhase,
  PlanTransitionPhaseName,
  PlanTransitionStep,
} from './types.ts';

/**
 * The order agents get from one plan to the next. Staging touches only disk, so it goes
 * first; understudies that are no longer planned are released before new primaries load, to
 * make room; new primaries load before the old ones unload (make before break), so every app
 * keeps serving; new warm understudies load last, into the room the old primaries left.
 */
export const PHASE_ORDER: readonly PlanTransitionPhaseName[] = [
  'stage-files',
  'release-understudies',
  'load-primaries',
  'release-primaries',
  'load-understudies',
  'unstage-files',
];

export function planTransition(from: Plan, to: Plan, book: FigureBook): PlanTransition {
  const before = holdingsOf(from, book);
  const after = holdingsOf(to, book);
  const steps = [
    ...sessionSteps(before.sessions, after.sessions, book),
    ...fileSteps(before.files, after.files),
  ];
  const phases = PHASE_ORDER.map((phase) => phaseOf(phase, steps)).filter(
    (phase) => phase.steps.length > 0,
  );
  const count = (action: PlanTransitionStep['action']) =>
    steps.filter((entry) => entry.step.action === action).length;
  const estimates = phases.map((phase) => phase.estimatedMs);
  return {
    phases,
    loads: count('load'),
    unloads: count('unload'),
    retags: count('retag'),
    stages: count('stage'),
    unstages: count('unstage'),
    estimatedMs: estimates.includes(null)
      ? null
      : estimates.reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
    unknownLoadTimes: steps.filter(
      (entry) => entry.step.action === 'load' && entry.step.loadMs === undefined,
    ).length,
  };
}

interface PhasedStep {
  phase: PlanTransitionPhaseName;
  step: PlanTransitionStep;
}

function sessionSteps(
  before: Holdings['sessions'],
  after: Holdings['sessions'],
  book: FigureBook,
): PhasedStep[] {
  const steps: PhasedStep[] = [];
  for (const [key, session] of after) {
    const held = before.get(key);
    if (held === undefined) {
      const loadMs = book.loadMsOf(session.app, session.variant);
      const step = { ...sessionStep(session, 'load'), ...(loadMs === undefined ? {} : { loadMs }) };
      steps.push({ phase: loadPhase(session), step });
    } else if (held.role !== session.role) {
      steps.push({ phase: loadPhase(session), step: sessionStep(session, 'retag') });
    }
  }
  for (const [key, session] of before) {
    if (after.has(key)) continue;
    const phase = session.role === 'primary' ? 'release-primaries' : 'release-understudies';
    steps.push({ phase, step: sessionStep(session, 'unload') });
  }
  return steps;
}

function fileSteps(before: Holdings['files'], after: Holdings['files']): PhasedStep[] {
  const steps: PhasedStep[] = [];
  for (const [key, file] of after) {
    if (!before.has(key)) steps.push({ phase: 'stage-files', step: fileStep(file, 'stage') });
  }
  for (const [key, file] of before) {
    if (!after.has(key)) steps.push({ phase: 'unstage-files', step: fileStep(file, 'unstage') });
  }
  return steps;
}

function loadPhase(session: HeldSession): PlanTransitionPhaseName {
  return session.role === 'primary' ? 'load-primaries' : 'load-understudies';
}

function sessionStep(
  session: HeldSession,
  action: 'load' | 'unload' | 'retag',
): PlanTransitionStep {
  return {
    node: session.node,
    action,
    variant: session.variant,
    ...(session.family === undefined ? {} : { family: session.family }),
    app: session.app,
    role: session.role,
  };
}

function fileStep(file: StagedFile, action: 'stage' | 'unstage'): PlanTransitionStep {
  return {
    node: file.node,
    action,
    variant: file.variant,
    ...(file.family === undefined ? {} : { family: file.family }),
    apps: [...file.apps].sort(),
  };
}

/** One phase's steps in a stable order, and its time: the busiest node's loads, one by one. */
function phaseOf(phase: PlanTransitionPhaseName, all: readonly PhasedStep[]): PlanTransitionPhase {
  const steps = all
    .filter((entry) => entry.phase === phase)
    .map((entry) => entry.step)
    .sort(compareSteps);
  const perNodeMs = new Map<string, number>();
  let unknown = false;
  for (const step of steps) {
    if (step.action !== 'load') continue;
    if (step.loadMs === undefined) unknown = true;
    perNodeMs.set(step.node, (perNodeMs.get(step.node) ?? 0) + (step.loadMs ?? 0));
  }
  const estimatedMs = unknown ? null : Math.max(0, ...perNodeMs.values());
  return { phase, estimatedMs, steps };
}

function compareSteps(a: PlanTransitionStep, b: PlanTransitionStep): number {
  return (
    compareText(a.node, b.node) ||
    compareText(a.action, b.action) ||
    compareText(a.app ?? a.apps?.[0] ?? '', b.app ?? b.apps?.[0] ?? '') ||
    compareText(a.variant, b.variant)
  );
}

/** Code-unit order, like `Array.prototype.sort`: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
