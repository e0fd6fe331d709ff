import type { DiffFigures } from './types.ts';

/** Looks up an app's family and weight, and a variant's load time, in the optional figures. */
export class FigureBook {
  /** False when the diff was asked without figures: weights and load times are guesses. */
  readonly known: boolean;
  private readonly apps: Map<string, { family: string; weight: number }>;
  private readonly loadMs: Map<string, number>;

  constructor(figures: DiffFigures | undefined) {
    this.known = figures !== undefined;
    this.apps = new Map(
      (figures?.apps ?? []).map((app) => [app.id, { family: app.family, weight: app.weight ?? 1 }]),
    );
    this.loadMs = new Map();
    for (const family of figures?.families ?? []) {
      for (const variant of family.variants)
        this.loadMs.set(variantKey(family.id, variant.id), variant.loadMs);
    }
  }

  familyOf(app: string): string | undefined {
    return this.apps.get(app)?.family;
  }

  /** An app the figures do not know weighs 1, like an app without a weight. */
  weightOf(app: string): number {
    return this.apps.get(app)?.weight ?? 1;
  }

  /** Cold load time of the variant an app would load, in ms; undefined when unknown. */
  loadMsOf(app: string, variant: string): number | undefined {
    const family = this.familyOf(app);
    return family === undefined ? undefined : this.loadMs.get(variantKey(family, variant));
  }
}

function variantKey(family: string, variant: string): string {
  return `${family}\u0000${variant}`;
}
