import type { components } from '../../openapi/types.ts';
import { familySignatureOf } from '../../core/signature-contract.ts';

type Schemas = components['schemas'];

/** What is stored for a node: its writable fields with defaults applied, and its id. */
export type NodeDoc = Omit<Schemas['Node'], 'status' | 'lastHeartbeatAt'>;
export type FamilyDoc = Schemas['Family'];
export type AppDoc = Schemas['App'];

export function nodeDoc(id: string, input: Schemas['NodeInput']): NodeDoc {
  return {
    id,
    memoryMiB: input.memoryMiB,
    domain: input.domain ?? 'default',
    labels: input.labels ?? {},
    ...(input.address === undefined ? {} : { address: input.address }),
    draining: input.draining ?? false,
  };
}

/** The family as stored: its signature stated, or taken from its first variant that has one. */
export function familyDoc(id: string, input: Schemas['FamilyInput']): FamilyDoc {
  const signature = familySignatureOf(input);
  return {
    id,
    task: input.task,
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(signature === undefined ? {} : { signature }),
    ...(input.probeInput === undefined ? {} : { probeInput: input.probeInput }),
    variants: input.variants,
  };
}

export function appDoc(id: string, input: Schemas['AppInput']): AppDoc {
  return {
    id,
    family: input.family,
    primaryVariant: input.primaryVariant,
    ...(input.primaryNode === undefined ? {} : { primaryNode: input.primaryNode }),
    weight: input.weight ?? 1,
    slo: input.slo,
  };
}
