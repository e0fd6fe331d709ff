import { optionFor } from '../options.ts';
import type { Baseline } from './baseline.ts';

/** A cold copy of the primary variant, loaded directly on failure (no progressive step). */
export const fullCold: Baseline = {
  name: 'full-cold',
  description: 'full-size cold replica (direct load)',
  choices: (snapshot, app) =>
    [optionFor(snapshot, app, app.primaryVariant, 'cold', false)].filter((o) => o !== undefined),
};
