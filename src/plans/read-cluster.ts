import type { AppDoc, FamilyDoc, NodeDoc, Store } from '../store/index.ts';
import type { ClusterSnapshot } from './problem-from-state.ts';

/** Reads the desired state and node liveness the planner plans from. */
export async function readCluster(
  store: Pick<Store, 'state' | 'liveness' | 'recovery'>,
): Promise<ClusterSnapshot> {
  const { state, liveness } = store;
  const [nodes, families, apps, standIns, loadFailures] = await Promise.all([
    state.list<NodeDoc>('node'),
    state.list<FamilyDoc>('family'),
    state.list<AppDoc>('app'),
    store.recovery.standIns(),
    store.recovery.loadFailures(),
  ]);
  return {
    nodes: nodes.map((node) => node.doc),
    liveness: await liveness.getMany(nodes.map((node) => node.doc.id)),
    families: families.map((family) => family.doc),
    apps: apps.map((app) => app.doc),
    standIns,
    loadFailures,
  };
}
