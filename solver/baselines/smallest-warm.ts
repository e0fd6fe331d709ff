import { optionFor } from '../options.ts';
import type { UnderstudyOption } from '../options.ts';
import type { Baseline } from './baseline.ts';

/** The smallest variant that meets the application's SLOs, warm. */
export const smallestWarm: Baseline = {
  name: 'smallest-warm',
  description: 'smallest SLO-meeting variant, warm',
  choices: (snapshot, app) => {
    const admitted = (snapshot.familyVariants[app.family] ?? [])
      .map((v) => optionFor(snapshot, app, v, 'warm', false))
      .filter((o): o is UnderstudyOption => o !== undefined)
      .sort((x, y) => x.footprintMiB - y.footprintMiB || x.variant - y.variant);
    return admitted.slice(0, 1);
  },
};
