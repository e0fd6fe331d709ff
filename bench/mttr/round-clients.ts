/**
 * The clients of a round, one back-to-back loop per app: through the planner's router
 * (kit/client-loop.ts), or — when the fault cuts the planner off — to edge-a's agent itself
 * (direct-clients.ts). Both record answers the same way.
 */
import { ClientLoop } from '../../kit/client-loop.ts';
import type { ClientAnswer } from '../../kit/client-loop.ts';
import { floatInput } from '../../kit/http.ts';
import { waitUntil } from '../../kit/wait-until.ts';
import { DirectClients } from './direct-clients.ts';
import type { Fault } from './faults.ts';
import { FAULTED } from './hand-made-plan.ts';
import type { AppSpec } from './hand-made-plan.ts';
import { READY_TIMEOUT_MS } from './round-cluster.ts';
import type { RoundCluster } from './round-cluster.ts';

export interface Clients {
  answersOf(app: string): readonly ClientAnswer[];
  stop(): Promise<void>;
}

/** The inference body every client sends: an image for the image families of the zoo. */
const IMAGE = JSON.stringify(floatInput('image', [1, 3, 32, 32]));

export function startClients(options: {
  fault: Fault;
  cluster: RoundCluster;
  apps: readonly AppSpec[];
  /** The local address direct clients bind, if they must not look like the planner. */
  localAddress: string | undefined;
  /** Epoch ms after which no client sends any more. */
  untilMs: number;
}): Clients {
  const { cluster, apps, localAddress, untilMs } = options;
  if (!options.fault.clientsCallAgent) {
    return ClientLoop.start({
      baseUrl: cluster.url,
      apps: apps.map((a) => ({ app: a.app, body: IMAGE })),
      untilMs,
    });
  }
  const agentUrl = cluster.agent(FAULTED).url;
  return DirectClients.start({
    targets: apps.map((a) => ({ app: a.app, agentUrl })),
    body: IMAGE,
    untilMs,
    ...(localAddress === undefined ? {} : { localAddress }),
  });
}

/** Resolves once every app was answered 3 times by edge-a. */
export async function warmUp(clients: Clients, apps: readonly AppSpec[]): Promise<void> {
  await waitUntil(
    `every app answered 3 times from ${FAULTED}`,
    () =>
      apps.every(
        ({ app }) =>
          clients.answersOf(app).filter((a) => a.status === 200 && a.node === FAULTED).length >= 3,
      ) || undefined,
    { timeoutMs: READY_TIMEOUT_MS, intervalMs: 10 },
  );
}

/** Every app's answers, in the order they came. */
export function allAnswers(clients: Clients, apps: readonly AppSpec[]): ClientAnswer[] {
  return apps.flatMap(({ app }) => clients.answersOf(app)).sort((x, y) => x.atMs - y.atMs);
}
