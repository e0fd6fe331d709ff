import type { components } from '../../openapi/types.ts';
import { parseApiUrl } from '../../profiler/registrar.ts';
import type { FamilyRegistrar } from '../../profiler/registrar.ts';
import type { ModelFamily, Variant } from '../../profiler/variant.ts';
import { ApiCallError, ApiClient } from './api-client.ts';

type WireVariant = components['schemas']['Variant'];

/** Registers profiled variants and families through the planner's REST API. */
export function createApiRegistrar(target: { apiUrl: string; token?: string }): FamilyRegistrar {
  parseApiUrl(target.apiUrl);
  const client = new ApiClient({
    baseUrl: target.apiUrl,
    ...(target.token === undefined ? {} : { token: target.token }),
  });
  return {
    ready: async () => {
      await client.request('GET', '/readyz');
    },
    putFamily: async (family: ModelFamily) => {
      await client.putFamily(family.id, {
        task: family.task,
        description: family.description,
        variants: family.variants.map(toWire),
      });
    },
    putVariant: async (familyId: string, variant: Variant, task: string) => {
      const wire = toWire(variant);
      try {
        await client.putVariant(familyId, wire);
        return 'variant';
      } catch (error) {
        if (!(error instanceof ApiCallError) || error.status !== 404) throw error;
      }
      await client.putFamily(familyId, { task, variants: [wire] });
      return 'family';
    },
  };
}

/** The wire form; the planner needs an accuracy figure for every variant it plans with. */
function toWire(variant: Variant): WireVariant {
  if (variant.accuracy === undefined) {
    throw new ApiCallError(
      `variant ${variant.id} has no accuracy: give --dataset FILE or --accuracy X`,
      'ACCURACY_UNKNOWN',
    );
  }
  return {
    ...variant,
    accuracy: variant.accuracy,
    latencyMs: { ...variant.latencyMs },
    signature: {
      inputs: variant.signature.inputs.map((input) => ({ ...input, dims: [...input.dims] })),
      outputs: variant.signature.outputs.map((output) => ({ ...output, dims: [...output.dims] })),
    },
  };
}
