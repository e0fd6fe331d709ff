/**
 * Hand-sized instances shared by the solver and checker tests. One family, two variants:
 *
 *   big:   accuracy 0.80, 300 MiB, load 1000 ms, p50 10 ms (p99 15)
 *   small: accuracy 0.72, 100 MiB, load  200 ms, p50  5 ms (p99  8)
 *
 * Defaults: detection 30 ms, λ = 0.1, M = 1000. The first step of every application with
 * minAccuracy ≤ 0.72 is `small` (it loads fastest).
 */
import { app, family, node, problem } from './fixtures.ts';

export const fam = () =>
  family('f')
    .variant('big', { accuracy: 0.8, memoryMiB: 300, loadMs: 1000, p50: 10, p99: 15 })
    .variant('small', { accuracy: 0.72, memoryMiB: 100, loadMs: 200, p50: 5, p99: 8 });

export const bigApp = (id: string, on: string, maxRecoveryMs = 2000) =>
  app(id).family('f').primary('big').on(on).slo({ minAccuracy: 0.7, maxRecoveryMs });

/** Two primaries on full nodes, one empty 300 MiB node for both understudies. */
export const sharedReserve = () =>
  problem()
    .nodes(node('n1').memoryMiB(300), node('n2').memoryMiB(300), node('n3').memoryMiB(300))
    .families(fam())
    .apps(bigApp('a1', 'n1'), bigApp('a2', 'n2'));

/** As `sharedReserve` with maxRecoveryMs 800 (cold `big` loads too slowly) and n3 of `mib`. */
export const progressive = (mib: number) =>
  problem()
    .nodes(node('n1').memoryMiB(300), node('n2').memoryMiB(300), node('n3').memoryMiB(mib))
    .families(fam())
    .apps(bigApp('a1', 'n1', 800), bigApp('a2', 'n2', 800));
