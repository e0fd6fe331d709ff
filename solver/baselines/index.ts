/** Every baseline policy, in the order benchmarks report them. Not for production use. */
import type { Baseline } from './baseline.ts';
import { criticalWarm } from './critical-warm.ts';
import { fullCold } from './full-cold.ts';
import { fullWarm } from './full-warm.ts';
import { smallestWarm } from './smallest-warm.ts';

export { runBaseline } from './baseline.ts';
export type { Baseline, BaselineRunOptions } from './baseline.ts';

export const BASELINES: readonly Baseline[] = [fullWarm, fullCold, smallestWarm, criticalWarm];
