/**
 * Exhaustive enumeration of every plan of a tiny planning problem — a third opinion, written
 * from the design text without solver code: recovery, first step, value and memory rules are
 * restated here. Returns the best objective.
 */
import type { PlanningProblemInput } from '../../solver/wire.ts';

type Variant = PlanningProblemInput['families'][number]['variants'][number];

interface Choice {
  primary: number; // node index, -1 unplaced
  understudy:
    { node: number; variant: Variant; mode: 'warm' | 'cold'; first?: Variant } | undefined;
  value: number;
}

export function bruteForceOptimum(problem: PlanningProblemInput): number {
  const nodes = problem.nodes;
  const scenario = (n: number) =>
    problem.protection === 'domain' ? (nodes[n]?.domain ?? 'default') : String(n);
  const perApp = problem.apps.map((app) => choicesOf(problem, app, scenario));
  let best = -Infinity;
  const picked: Choice[] = [];
  const walk = (i: number) => {
    if (i === perApp.length) {
      if (feasible(problem, picked, scenario))
        best = Math.max(
          best,
          picked.reduce((s, c) => s + c.value, 0),
        );
      return;
    }
    for (const choice of perApp[i] ?? []) {
      picked[i] = choice;
      walk(i + 1);
    }
  };
  walk(0);
  return best;
}

function choicesOf(
  problem: PlanningProblemInput,
  app: PlanningProblemInput['apps'][number],
  scenario: (n: number) => string,
): Choice[] {
  const M = problem.objective?.unprotectedPenalty ?? 1000;
  const lambda = problem.objective?.recoveryWeight ?? 0.1;
  const detection = problem.detectionMs ?? 30;
  const weight = app.weight ?? 1;
  const variants = problem.families.find((f) => f.id === app.family)?.variants ?? [];
  const primary = variants.find((v) => v.id === app.primaryVariant);
  const ok = (v: Variant) =>
    v.accuracy >= app.slo.minAccuracy &&
    (app.slo.maxLatencyMs === undefined ||
      v.latencyMs === undefined ||
      v.latencyMs.p99 <= app.slo.maxLatencyMs);
  // first step: fastest load among acceptable variants, ties to less memory
  const first = variants
    .filter(ok)
    .sort((x, y) => x.loadMs - y.loadMs || x.memoryMiB - y.memoryMiB)[0];
  const p50 = (v: Variant) => v.latencyMs?.p50 ?? 0;
  const value = (v: Variant, recovery: number) =>
    weight *
    (Math.min(1, (primary?.accuracy ?? 0) > 0 ? v.accuracy / (primary?.accuracy ?? 1) : 1) -
      (lambda * recovery) / app.slo.maxRecoveryMs);
  const primaries =
    app.primaryNode === undefined
      ? problem.nodes.map((_, n) => n)
      : [problem.nodes.findIndex((n) => n.id === app.primaryNode)];
  const choices: Choice[] =
    app.primaryNode === undefined
      ? [{ primary: -1, understudy: undefined, value: -2 * M * weight }]
      : [];
  for (const p of primaries) {
    choices.push({ primary: p, understudy: undefined, value: -M * weight });
    problem.nodes.forEach((_, n) => {
      if (scenario(n) === scenario(p)) return;
      for (const v of variants.filter(ok)) {
        const drafts: [Choice['understudy'], number][] = [
          [{ node: n, variant: v, mode: 'warm' }, detection + 5 + p50(v)],
          [{ node: n, variant: v, mode: 'cold' }, detection + v.loadMs + p50(v)],
        ];
        if (first !== undefined && first !== v && first.loadMs < v.loadMs) {
          drafts.push([
            { node: n, variant: v, mode: 'cold', first },
            detection + first.loadMs + p50(first),
          ]);
        }
        for (const [understudy, recovery] of drafts) {
          if (recovery <= app.slo.maxRecoveryMs)
            choices.push({ primary: p, understudy, value: value(v, recovery) });
        }
      }
    });
  }
  return choices;
}

function feasible(
  problem: PlanningProblemInput,
  picked: readonly Choice[],
  scenario: (n: number) => string,
): boolean {
  const nodes = problem.nodes;
  const steady = nodes.map(() => 0);
  const pinned = nodes.map(() => 0);
  const cold = new Map<string, number>(); // `${node}|${scenario}`
  picked.forEach((c, i) => {
    const app = problem.apps[i];
    const variants = problem.families.find((f) => f.id === app?.family)?.variants ?? [];
    const mib = variants.find((v) => v.id === app?.primaryVariant)?.memoryMiB ?? 0;
    if (c.primary < 0) return;
    steady[c.primary] = (steady[c.primary] ?? 0) + mib;
    if (app?.primaryNode !== undefined) pinned[c.primary] = (pinned[c.primary] ?? 0) + mib;
    const u = c.understudy;
    if (u === undefined) return;
    if (u.mode === 'warm') steady[u.node] = (steady[u.node] ?? 0) + u.variant.memoryMiB;
    else {
      const key = `${u.node}|${scenario(c.primary)}`;
      cold.set(key, (cold.get(key) ?? 0) + u.variant.memoryMiB + (u.first?.memoryMiB ?? 0));
    }
  });
  const allowed = (n: number) => Math.max(nodes[n]?.memoryMiB ?? 0, pinned[n] ?? 0);
  if (steady.some((s, n) => s > allowed(n) + 1e-9)) return false;
  for (const [key, load] of cold) {
    const n = Number(key.split('|')[0]);
    if ((steady[n] ?? 0) + load > allowed(n) + 1e-9) return false;
  }
  return true;
}
