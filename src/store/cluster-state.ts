import { setTimeout as delay } from 'node:timers/promises';
import type { components } from '../../openapi/types.ts';
import { DomainError } from '../../core/errors.ts';
import { appDoc, familyDoc, nodeDoc } from './documents.ts';
import type { AppDoc, FamilyDoc, NodeDoc } from './documents.ts';
import type { EventLog } from '../../core/event-log.ts';
import type { Keys, ResourceKind } from '../../core/keys.ts';
import { referencesOf } from './references.ts';
import type { ResourceStore, Revisioned } from './resource-store.ts';
import { applyMergePatch } from './merge-patch.ts';
import { resolveAppReferences } from './app-references.ts';
import {
  contractProblems,
  describeSignature,
  familySignatureOf,
  probeProblems,
} from '../../core/signature-contract.ts';

type Schemas = components['schemas'];

/** HTTP-style preconditions of a write: `ifMatch` revisions (or `*`), `ifNoneMatch: '*'`. */
export interface WriteConditions {
  ifMatch?: '*' | readonly string[];
  ifNoneMatch?: '*';
}

export interface WriteResult<T> {
  doc: T;
  revision: string;
  created: boolean;
}

/** What a write wants, decided from the current document; re-decided on every retry. */
interface Decision {
  doc: object | null;
  guards?: Array<{ key: string; revision: string }>;
}

/** Compare-and-set attempts before a write gives up with WRITE_CONTENTION. */
const MAX_ATTEMPTS = 30;
/** Upper bound of the random pause between attempts grows by this much per attempt, in ms. */
const BACKOFF_STEP_MS = 2;

/**
 * Desired cluster state: nodes, model families and applications, with conditional updates
 * and referential integrity. Every write is compare-and-set on the resource's revision and
 * on the revisions of what it refers to, retried when a concurrent writer got there first.
 */
export class ClusterState {
  private readonly resources: ResourceStore;
  private readonly events: EventLog;
  private readonly keys: Keys;

  constructor(options: { resources: ResourceStore; events: EventLog; keys: Keys }) {
    this.resources = options.resources;
    this.events = options.events;
    this.keys = options.keys;
  }

  get<T>(kind: ResourceKind, id: string): Promise<Revisioned<T> | undefined> {
    return this.resources.get<T>(kind, id);
  }

  list<T>(kind: ResourceKind): Promise<Array<Revisioned<T>>> {
    return this.resources.list<T>(kind);
  }

  putNode(id: string, input: Schemas['NodeInput'], conditions: WriteConditions) {
    return this.write<NodeDoc>('node', id, conditions, () => ({ doc: nodeDoc(id, input) }));
  }

  patchNode(id: string, patch: Schemas['NodePatch'], conditions: WriteConditions) {
    return this.write<NodeDoc>('node', id, conditions, (current) => {
      const merged = applyMergePatch(existing('node', id, current), patch);
      return { doc: nodeDoc(id, merged as Schemas['NodeInput']) };
    });
  }

  putFamily(id: string, input: Schemas['FamilyInput'], conditions: WriteConditions) {
    return this.write<FamilyDoc>('family', id, conditions, () => {
      assertUniqueVariants(input.variants);
      const doc = familyDoc(id, input);
      assertContract(
        doc,
        doc.variants.map((variant, index) => ({ variant, at: `/body/variants/${index}` })),
      );
      return { doc };
    });
  }

  /** Creates or replaces one variant inside an existing family. */
  putVariant(familyId: string, variant: Schemas['Variant'], conditions: WriteConditions) {
    return this.write<FamilyDoc>('family', familyId, conditions, (current) => {
      const family = existing('family', familyId, current) as FamilyDoc;
      const others = family.variants.filter((candidate) => candidate.id !== variant.id);
      const position = family.variants.findIndex((candidate) => candidate.id === variant.id);
      const variants = [...others];
      variants.splice(position === -1 ? variants.length : position, 0, variant);
      const signature = familySignatureOf({ ...family, variants });
      const doc = { ...family, ...(signature === undefined ? {} : { signature }), variants };
      assertContract(doc, [{ variant, at: '/body' }]);
      return { doc };
    });
  }

  putApp(id: string, input: Schemas['AppInput'], conditions: WriteConditions) {
    return this.write<AppDoc>('app', id, conditions, () => this.decideApp(appDoc(id, input)));
  }

  patchApp(id: string, patch: Schemas['AppPatch'], conditions: WriteConditions) {
    return this.write<AppDoc>('app', id, conditions, (current) => {
      const merged = applyMergePatch(existing('app', id, current), patch);
      return this.decideApp(appDoc(id, merged as Schemas['AppInput']));
    });
  }

  async delete(kind: ResourceKind, id: string, conditions: WriteConditions): Promise<void> {
    await this.write(kind, id, conditions, (current) => {
      existing(kind, id, current);
      return { doc: null };
    });
  }

  private async decideApp(app: AppDoc): Promise<Decision> {
    const guards = await resolveAppReferences(app, {
      resources: this.resources,
      keys: this.keys,
    });
    return { doc: app, guards };
  }

  private async write<T>(
    kind: ResourceKind,
    id: string,
    conditions: WriteConditions,
    decide: (current: Revisioned<object> | undefined) => Decision | Promise<Decision>,
  ): Promise<WriteResult<T>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (attempt > 0) await delay(Math.random() * BACKOFF_STEP_MS * attempt);
      const current = await this.resources.get<object>(kind, id);
      checkConditions(kind, id, current, conditions);
      const decision = await decide(current);
      const references = referencesOf(this.keys, kind, current?.doc, decision.doc);
      const previousSets = current
        ? referencesOf(this.keys, kind, undefined, current.doc).memberOf
        : [];
      const outcome = await this.resources.write({
        kind,
        id,
        doc: decision.doc,
        expectedRevision: current?.revision ?? '',
        guards: decision.guards ?? [],
        mustBeEmpty: references.mustBeEmpty,
        addTo: references.memberOf.filter((set) => !previousSets.includes(set)),
        removeFrom: previousSets.filter((set) => !references.memberOf.includes(set)),
      });
      if (outcome.status === 'in-use') throw inUse(kind, id, outcome.member);
      if (outcome.status === 'ok') {
        await this.events.append('resource.changed', {
          kind,
          id,
          revision: outcome.revision,
          deleted: decision.doc === null,
        });
        return {
          doc: decision.doc as T,
          revision: outcome.revision,
          created: current === undefined,
        };
      }
      if (conditions.ifMatch !== undefined || conditions.ifNoneMatch !== undefined) {
        // The caller's precondition held when read but not when written: report it as stale.
        throw new DomainError('PRECONDITION_FAILED', `${kind} ${id} changed while being written`);
      }
    }
    throw new DomainError('WRITE_CONTENTION', `${kind} ${id} is being changed by others; retry`);
  }
}

function checkConditions(
  kind: ResourceKind,
  id: string,
  current: Revisioned<object> | undefined,
  conditions: WriteConditions,
): void {
  const { ifMatch, ifNoneMatch } = conditions;
  if (ifNoneMatch === '*' && current !== undefined) {
    throw new DomainError('PRECONDITION_FAILED', `${kind} ${id} already exists (If-None-Match: *)`);
  }
  if (ifMatch === undefined) return;
  if (current === undefined) {
    throw new DomainError('PRECONDITION_FAILED', `${kind} ${id} does not exist (If-Match)`);
  }
  if (ifMatch !== '*' && !ifMatch.includes(current.revision)) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `${kind} ${id} is at revision "${current.revision}", not ${ifMatch.map((tag) => `"${tag}"`).join(', ')}`,
    );
  }
}

function existing(kind: ResourceKind, id: string, current: Revisioned<object> | undefined): object {
  if (current === undefined) throw new DomainError('NOT_FOUND', `no ${kind} named ${id}`);
  return current.doc;
}

/**
 * Refuses variants whose signature (under their `tensorNames`) is not the family's, and a
 * family's probe input that does not fit its signature (checked when the family is written).
 */
function assertContract(
  family: FamilyDoc,
  checked: ReadonlyArray<{ variant: Schemas['Variant']; at: string }>,
): void {
  const { signature } = family;
  if (signature === undefined) return;
  const problems = [
    ...(family.probeInput === undefined || checked.some(({ at }) => at === '/body')
      ? []
      : probeProblems(signature, family.probeInput, '/body/probeInput')),
    ...checked.flatMap(({ variant, at }) =>
      variant.signature === undefined
        ? []
        : contractProblems(signature, variant.signature, variant.tensorNames, at),
    ),
  ];
  if (problems.length === 0) return;
  throw new DomainError(
    'SIGNATURE_MISMATCH',
    `the family ${family.id} is ${describeSignature(signature)}; ${problems.length === 1 ? 'a variant does' : 'variants do'} not keep it`,
    problems,
  );
}

function assertUniqueVariants(variants: ReadonlyArray<{ id: string }>): void {
  const seen = new Set<string>();
  variants.forEach((variant, index) => {
    if (seen.has(variant.id)) {
      throw new DomainError('VALIDATION_FAILED', `variant id ${variant.id} appears twice`, [
        {
          pointer: `/body/variants/${index}/id`,
          detail: `duplicate variant id "${variant.id}"; ids must be unique within a family`,
        },
      ]);
    }
    seen.add(variant.id);
  });
}

function inUse(kind: ResourceKind, id: string, member: string): DomainError {
  const what = kind === 'node' ? `app ${member} is pinned to it` : `app ${member} uses it`;
  return new DomainError('IN_USE', `${kind} ${id} cannot be changed that way: ${what}`);
}
