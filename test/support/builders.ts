import type { components } from '../../openapi/types.ts';

type Schemas = components['schemas'];

/** A valid variant body; override any field. */
export function variant(
  id: string,
  overrides: Partial<Schemas['Variant']> = {},
): Schemas['Variant'] {
  return {
    id,
    location: `/models/${id}.onnx`,
    accuracy: 0.75,
    memoryMiB: 100,
    loadMs: 200,
    latencyMs: { p50: 2, p99: 5 },
    ...overrides,
  };
}

/** A valid family body with the given variant ids. */
export function family(...variantIds: string[]): Schemas['FamilyInput'] {
  return { task: 'image-classification', variants: variantIds.map((id) => variant(id)) };
}

/** A valid app body. */
export function app(
  familyId: string,
  primaryVariant: string,
  overrides: Partial<Schemas['AppInput']> = {},
): Schemas['AppInput'] {
  return {
    family: familyId,
    primaryVariant,
    slo: { maxRecoveryMs: 500, minAccuracy: 0.6 },
    ...overrides,
  };
}
