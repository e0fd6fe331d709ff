import type { components } from '../../openapi/types.ts';
import { DomainError } from '../../core/errors.ts';
import { contractProblems } from '../../core/signature-contract.ts';
import type { AppDoc, FamilyDoc } from '../store/index.ts';

type Schemas = components['schemas'];
type Slice = Schemas['NodePlanSlice'];

/**
 * Cuts a published plan into one slice per node: what to hold loaded, what to stage on disk,
 * and the node's failover table (for each other node f: what to activate if f fails). Every
 * node of the plan gets a slice, an empty one included, so a node that lost all its work is
 * told to release it.
 */
export function slicePlan(
  plan: Schemas['Plan'],
  cluster: { families: readonly FamilyDoc[]; apps: readonly AppDoc[] },
  createdAt: string,
): Slice[] {
  const models = new ModelCatalog(cluster.families, cluster.apps);
  const slices = new Map<string, Slice>();
  const sliceOf = (node: string): Slice => {
    let slice = slices.get(node);
    if (slice === undefined) {
      slice = { planVersion: plan.version, node, createdAt, sessions: [], stage: [], failover: [] };
      slices.set(node, slice);
    }
    return slice;
  };
  for (const memory of plan.nodes) sliceOf(memory.node);
  for (const assignment of plan.assignments) {
    const family = models.familyOfApp(assignment.app);
    sliceOf(assignment.primary.node).sessions.push({
      app: assignment.app,
      role: 'primary',
      serving: true,
      model: models.ref(family, assignment.primary.variant),
    });
    const understudy = assignment.understudy;
    if (understudy === null || understudy === undefined) continue;
    const slice = sliceOf(understudy.node);
    const model = models.ref(family, understudy.variant);
    const firstStep =
      understudy.firstStepVariant === undefined
        ? undefined
        : models.ref(family, understudy.firstStepVariant);
    if (understudy.mode === 'warm') {
      slice.sessions.push({ app: assignment.app, role: 'understudy', serving: false, model });
    } else {
      addStaged(slice, model);
      if (firstStep !== undefined) addStaged(slice, firstStep);
    }
    failoverEntry(slice, assignment.primary.node).actions.push({
      app: assignment.app,
      mode: understudy.mode,
      model,
      ...(firstStep === undefined ? {} : { firstStep }),
    });
  }
  return [...slices.values()].sort((a, b) => a.node.localeCompare(b.node));
}

function addStaged(slice: Slice, model: Schemas['ModelRef']): void {
  const known = slice.stage.some(
    (staged) => staged.family === model.family && staged.variant === model.variant,
  );
  if (!known) slice.stage.push(model);
}

function failoverEntry(slice: Slice, failedNode: string): Schemas['FailoverEntry'] {
  let entry = slice.failover.find((candidate) => candidate.failedNode === failedNode);
  if (entry === undefined) {
    entry = { failedNode, actions: [] };
    slice.failover.push(entry);
  }
  return entry;
}

/** Looks up the file and figures of a family's variant. */
class ModelCatalog {
  private readonly families: Map<string, FamilyDoc>;
  private readonly appFamilies: Map<string, string>;

  constructor(families: readonly FamilyDoc[], apps: readonly AppDoc[]) {
    this.families = new Map(families.map((family) => [family.id, family]));
    this.appFamilies = new Map(apps.map((app) => [app.id, app.family]));
  }

  /** Plans name variants, not families; the snapshot the plan was solved from knows them. */
  familyOfApp(app: string): string {
    const family = this.appFamilies.get(app);
    if (family === undefined)
      throw new Error(`app ${app} is not in the snapshot the plan was solved from`);
    return family;
  }

  /** The file an agent loads, with the family's signature it must keep and its renaming. */
  ref(familyId: string, variantId: string): Schemas['ModelRef'] {
    const family = this.families.get(familyId);
    const variant = family?.variants.find((candidate) => candidate.id === variantId);
    if (variant === undefined)
      throw new Error(`variant ${familyId}/${variantId} is not in the cluster state`);
    // Registration refuses such variants; one stored before it did is never published.
    const problems =
      family?.signature === undefined || variant.signature === undefined
        ? []
        : contractProblems(family.signature, variant.signature, variant.tensorNames, '');
    if (problems.length > 0)
      throw new DomainError(
        'SIGNATURE_MISMATCH',
        `variant ${familyId}/${variantId} does not keep its family's signature: ${problems.map((problem) => problem.detail).join('; ')}`,
        problems,
      );
    return {
      family: familyId,
      variant: variantId,
      location: variant.location,
      memoryMiB: variant.memoryMiB,
      ...(variant.sha256 === undefined ? {} : { sha256: variant.sha256 }),
      ...(family?.signature === undefined ? {} : { signature: family.signature }),
      ...(variant.tensorNames === undefined ? {} : { tensorNames: variant.tensorNames }),
      ...(family?.probeInput === undefined ? {} : { probeInput: family.probeInput }),
    };
  }
}
