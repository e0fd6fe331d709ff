import type { FigureBook } from './figure-book.ts';
import type { Plan } from './types.ts';

/** A model a node holds loaded for one app: its primary or its warm understudy. */
export interface HeldSession {
  readonly node: string;
  readonly app: string;
  readonly role: 'primary' | 'understudy';
  readonly variant: string;
  readonly family: string | undefined;
}

/** A file a node keeps on disk for cold understudies (the planned variant and first step). */
export interface StagedFile {
  readonly node: string;
  readonly variant: string;
  readonly family: string | undefined;
  readonly apps: string[];
}

/** What one plan makes every node hold, keyed so two plans' holdings can be compared. */
export interface Holdings {
  /** By node, app and variant: a session whose role changes is the same session. */
  readonly sessions: Map<string, HeldSession>;
  /** By node, family and variant: apps of one family share a staged file. */
  readonly files: Map<string, StagedFile>;
}

/**
 * Restates what the planner's slicer sends each agent (src/plans/plan-slicer.ts): primaries
 * and warm understudies are loaded, cold understudies' files (and first steps) are staged.
 */
export function holdingsOf(plan: Plan, book: FigureBook): Holdings {
  const holdings: Holdings = { sessions: new Map(), files: new Map() };
  for (const assignment of plan.assignments) {
    const app = assignment.app;
    const family = book.familyOf(app);
    const { node, variant } = assignment.primary;
    addSession(holdings, { node, app, role: 'primary', variant, family });
    const understudy = assignment.understudy;
    if (understudy === null || understudy === undefined) continue;
    if (understudy.mode === 'warm') {
      addSession(holdings, {
        node: understudy.node,
        app,
        role: 'understudy',
        variant: understudy.variant,
        family,
      });
      continue;
    }
    addFile(holdings, understudy.node, app, understudy.variant, family);
    if (understudy.firstStepVariant !== undefined)
      addFile(holdings, understudy.node, app, understudy.firstStepVariant, family);
  }
  return holdings;
}

function addSession(holdings: Holdings, session: HeldSession): void {
  holdings.sessions.set(key(session.node, session.app, session.variant), session);
}

function addFile(
  holdings: Holdings,
  node: string,
  app: string,
  variant: string,
  family: string | undefined,
): void {
  // Without the family, two apps' same-named variants may be different files: keep them apart.
  const fileKey = key(node, family ?? `app:${app}`, variant);
  const file = holdings.files.get(fileKey);
  if (file === undefined) holdings.files.set(fileKey, { node, variant, family, apps: [app] });
  else if (!file.apps.includes(app)) file.apps.push(app);
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}
