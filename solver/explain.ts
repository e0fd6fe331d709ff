/**
 * Why an application is unprotected, as a machine-readable reason and a sentence an operator
 * can act on. Filter rejections say which SLO no variant meets and how close the best comes;
 * memory shortfalls say how much the smallest acceptable understudy needs and how much the
 * roomiest eligible node has left in the plan.
 */
import type { AppOptions } from './options.ts';
import type { Placement } from './placement.ts';
import { coldRecoveryMs, warmRecoveryMs } from './recovery.ts';
import type { AppFacts, Snapshot } from './snapshot.ts';
import type { Unprotected } from './wire.ts';

export function explainUnprotected(placement: Placement, a: number): Unprotected {
  const { snapshot } = placement;
  const app = snapshot.apps[a] as AppFacts;
  const family = snapshot.familyIds[app.family] ?? '?';
  const primary = snapshot.variants[app.primaryVariant];
  if ((placement.primaryNode[a] ?? -1) < 0) {
    return {
      app: app.id,
      reason: 'primary-not-placed',
      message: `No node has ${mib(primary?.memoryMiB ?? 0)} free for the primary ${primary?.id ?? '?'}, so the application neither runs nor is protected.`,
    };
  }
  const rejection = placement.candidates[a]?.rejection;
  if (rejection !== undefined)
    return {
      app: app.id,
      reason: rejection,
      message: rejectionSentence(snapshot, app, family, rejection),
    };
  const f = placement.primaryScenario(a);
  const others = snapshot.nodeIds.filter(
    (_, n) => snapshot.scenarioOf[n] !== f && !snapshot.overloaded[n],
  );
  if (others.length === 0) {
    const domain = snapshot.protection === 'domain';
    return {
      app: app.id,
      reason: domain ? 'no-other-domain' : 'no-other-node',
      message: domain
        ? `Every usable node is in failure domain ${snapshot.scenarioIds[f] ?? '?'} with the primary; domain protection needs a node in another domain.`
        : `There is no usable node other than the primary's ${snapshot.nodeIds[placement.primaryNode[a] ?? 0] ?? '?'}.`,
    };
  }
  return { app: app.id, reason: 'insufficient-memory', message: memorySentence(placement, a, f) };
}

function rejectionSentence(
  snapshot: Snapshot,
  app: AppFacts,
  family: string,
  reason: string,
): string {
  const variants = (snapshot.familyVariants[app.family] ?? [])
    .map((v) => snapshot.variants[v])
    .filter((v) => v !== undefined);
  if (reason === 'no-variant-meets-accuracy') {
    const best = Math.max(...variants.map((v) => v.accuracy));
    return `No variant of family ${family} reaches the minimum accuracy ${app.minAccuracy} (the best has ${best}).`;
  }
  if (reason === 'variant-failed-to-load') {
    const failed = variants
      .filter((v) => v.failedToLoad !== undefined)
      .map((v) => `${v.id} (${v.failedToLoad})`);
    return `Every understudy of family ${family} that meets its SLOs uses a variant known to fail to load or answer: ${failed.join('; ')}.`;
  }
  if (reason === 'no-variant-meets-latency') {
    return `No variant of family ${family} with accuracy ≥ ${app.minAccuracy} has a p99 latency within ${app.maxLatencyMs ?? '?'} ms.`;
  }
  const accurate = variants.filter((v) => v.accuracy >= app.minAccuracy);
  const fastest = Math.min(
    ...accurate.flatMap((v) => [
      warmRecoveryMs(snapshot.detectionMs, v),
      coldRecoveryMs(snapshot.detectionMs, v),
    ]),
  );
  return `No understudy of family ${family} meeting its accuracy and latency SLOs recovers within ${app.maxRecoveryMs} ms (the fastest estimate is ${round(fastest)} ms, warm, detection ${snapshot.detectionMs} ms included).`;
}

function memorySentence(placement: Placement, a: number, f: number): string {
  const { snapshot, ledger } = placement;
  const options = (placement.candidates[a] as AppOptions).options;
  const smallest = (mode: string) =>
    Math.min(...options.filter((o) => o.mode === mode).map((o) => o.footprintMiB));
  let warmFree = 0;
  let coldFree = 0;
  for (let n = 0; n < ledger.nodeCount; n++) {
    if (snapshot.scenarioOf[n] === f || snapshot.overloaded[n]) continue;
    warmFree = Math.max(warmFree, ledger.free(n));
    coldFree = Math.max(coldFree, ledger.coldRoom(n, f));
  }
  const where =
    snapshot.protection === 'domain'
      ? `outside domain ${snapshot.scenarioIds[f] ?? '?'}`
      : `other than ${snapshot.nodeIds[placement.primaryNode[a] ?? 0] ?? '?'}`;
  const parts: string[] = [];
  const warm = smallest('warm');
  const cold = smallest('cold');
  if (warm < Infinity)
    parts.push(
      `a warm understudy needs ${mib(warm)} and the most any node ${where} has free in every scenario is ${mib(warmFree)}`,
    );
  if (cold < Infinity)
    parts.push(
      `a cold one needs ${mib(cold)} and the most any such node has free while ${snapshot.scenarioIds[f] ?? '?'} is down is ${mib(coldFree)}`,
    );
  return `Not enough memory: ${parts.join('; ')}.`;
}

function mib(x: number): string {
  return `${round(x)} MiB`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
