import { optionFor } from '../options.ts';
import type { Baseline } from './baseline.ts';

/** A warm copy of the primary variant itself, where one fits; otherwise nothing. */
export const fullWarm: Baseline = {
  name: 'full-warm',
  description: 'full-size warm replica where it fits',
  choices: (snapshot, app) =>
    [optionFor(snapshot, app, app.primaryVariant, 'warm', false)].filter((o) => o !== undefined),
};
