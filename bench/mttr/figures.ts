/** Small statistics for the summaries: nearest-rank percentiles, rounded to 0.01 ms. */
import { percentile, round } from '../../profiler/stats.ts';

/** The values that are there. */
export const present = <T>(values: Array<T | null>) => values.filter((v): v is T => v !== null);
export const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
/** `f` of the values, rounded; null for none. */
export const stat = (values: number[], f: (v: number[]) => number) =>
  values.length === 0 ? null : round(f(values), 2);
export const meanOf = (values: number[]) => stat(values, mean);
export const p50 = (values: number[]) => stat(values, (v) => percentile(v, 50));
export const p99 = (values: number[]) => stat(values, (v) => percentile(v, 99));
export const min = (values: number[]) => stat(values, (v) => Math.min(...v));
export const max = (values: number[]) => stat(values, (v) => Math.max(...v));
export const sum = <T>(items: readonly T[], f: (item: T) => number) =>
  items.reduce((total, item) => total + f(item), 0);
