/**
 * Candidate generation: for every application, the node-independent understudy options
 * (variant × {warm, cold direct, cold progressive}) that pass every filter, with their value,
 * memory footprint and recovery estimate, minus dominated ones. Nodes are chosen later: in this
 * model a candidate's worth does not depend on the node, only its feasibility does.
 */
import { pruneDominated } from './dominance.ts';
import { FILTERS } from './filters/index.ts';
import type { CandidateDraft } from './filters/index.ts';
import { firstStepOf } from './first-step.ts';
import { coldRecoveryMs, warmRecoveryMs } from './recovery.ts';
import type { AppFacts, Snapshot } from './snapshot.ts';
import { understudyValue } from './value.ts';
import type { UnderstudyMode, UnprotectedReason } from './wire.ts';

export interface UnderstudyOption {
  readonly variant: number;
  readonly mode: UnderstudyMode;
  /** Global variant index of the progressive first step, or -1. */
  readonly firstStep: number;
  /**
   * Memory the option needs on its node: warm, in every scenario; cold, only while its
   * primary's scenario is down, and then the planned variant plus the first step, which are
   * both resident during the swap.
   */
  readonly footprintMiB: number;
  readonly recoveryMs: number;
  readonly accuracy: number;
  /** The option's term in the objective (see `value.ts`). */
  readonly value: number;
}

export interface AppOptions {
  /** Sorted by value, best first; ties by smaller footprint. */
  readonly options: readonly UnderstudyOption[];
  /** Why there are none, when there are none. */
  readonly rejection: UnprotectedReason | undefined;
}

export function generateOptions(snapshot: Snapshot): AppOptions[] {
  return snapshot.apps.map((app) => optionsOf(snapshot, app));
}

function optionsOf(snapshot: Snapshot, app: AppFacts): AppOptions {
  let drafts = draftsOf(snapshot, app);
  for (const filter of FILTERS) {
    drafts = drafts.filter((d) => filter.admits(d, snapshot));
    if (drafts.length === 0) return { options: [], rejection: filter.reason };
  }
  const options = pruneDominated(drafts.map((d) => toOption(snapshot, d)));
  options.sort((a, b) => b.value - a.value || a.footprintMiB - b.footprintMiB);
  return { options, rejection: undefined };
}

function draftsOf(snapshot: Snapshot, app: AppFacts): CandidateDraft[] {
  const firstStep = firstStepOf(snapshot, app);
  const drafts: CandidateDraft[] = [];
  for (const index of snapshot.familyVariants[app.family] ?? []) {
    const planned = snapshot.variants[index];
    if (planned === undefined) continue;
    const { detectionMs } = snapshot;
    drafts.push({
      app,
      planned,
      mode: 'warm',
      firstStep: undefined,
      recoveryMs: warmRecoveryMs(detectionMs, planned),
    });
    drafts.push({
      app,
      planned,
      mode: 'cold',
      firstStep: undefined,
      recoveryMs: coldRecoveryMs(detectionMs, planned),
    });
    // Progressive only pays when the first step answers sooner than loading the planned variant.
    if (firstStep !== undefined && firstStep !== planned && firstStep.loadMs < planned.loadMs) {
      const recoveryMs = coldRecoveryMs(detectionMs, firstStep);
      drafts.push({ app, planned, mode: 'cold', firstStep, recoveryMs });
    }
  }
  return drafts;
}

/**
 * One specific option, if every filter admits it (used by the baselines, which choose their
 * variant and mode by rule rather than by optimisation).
 */
export function optionFor(
  snapshot: Snapshot,
  app: AppFacts,
  planned: number,
  mode: UnderstudyOption['mode'],
  progressive: boolean,
): UnderstudyOption | undefined {
  const variant = snapshot.variants[planned];
  const firstStep = progressive && mode === 'cold' ? firstStepOf(snapshot, app) : undefined;
  if (variant === undefined || (progressive && (firstStep === undefined || firstStep === variant)))
    return undefined;
  const serving = firstStep ?? variant;
  const recoveryMs =
    mode === 'warm'
      ? warmRecoveryMs(snapshot.detectionMs, variant)
      : coldRecoveryMs(snapshot.detectionMs, serving);
  const draft: CandidateDraft = { app, planned: variant, mode, firstStep, recoveryMs };
  return FILTERS.every((f) => f.admits(draft, snapshot)) ? toOption(snapshot, draft) : undefined;
}

function toOption(snapshot: Snapshot, draft: CandidateDraft): UnderstudyOption {
  const { planned, firstStep } = draft;
  return {
    variant: planned.index,
    mode: draft.mode,
    firstStep: firstStep === undefined ? -1 : firstStep.index,
    footprintMiB: planned.memoryMiB + (firstStep?.memoryMiB ?? 0),
    recoveryMs: draft.recoveryMs,
    accuracy: planned.accuracy,
    value: understudyValue(snapshot, draft.app, planned, draft.recoveryMs),
  };
}
