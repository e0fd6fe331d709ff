/**
 * Small builders for planning problems in tests:
 *
 *   problem()
 *     .nodes(node('n1').memoryMiB(4096).domain('a'), node('n2').memoryMiB(2048))
 *     .families(family('resnet').variant('r18', { accuracy: 0.70, memoryMiB: 45, loadMs: 200 }))
 *     .apps(app('cam').family('resnet').primary('r50').on('n1').slo({ minAccuracy: 0.7, maxRecoveryMs: 1000 }))
 *     .build()
 */
import type { PlanningProblemInput } from '../../solver/wire.ts';

type NodeInput = PlanningProblemInput['nodes'][number];
type FamilyInput = PlanningProblemInput['families'][number];
type VariantInput = FamilyInput['variants'][number];
type AppInput = PlanningProblemInput['apps'][number];

export class NodeBuilder {
  private readonly value: NodeInput;
  constructor(id: string) {
    this.value = { id, memoryMiB: 1024 };
  }
  memoryMiB(mib: number): this {
    this.value.memoryMiB = mib;
    return this;
  }
  domain(domain: string): this {
    this.value.domain = domain;
    return this;
  }
  build(): NodeInput {
    return { ...this.value };
  }
}

export interface VariantFigures {
  accuracy: number;
  memoryMiB: number;
  loadMs: number;
  p50?: number;
  p99?: number;
  /** Why a node could not load it. */
  failedToLoad?: string;
}

export class FamilyBuilder {
  private readonly value: FamilyInput;
  constructor(id: string) {
    this.value = { id, variants: [] };
  }
  variant(id: string, v: VariantFigures): this {
    const variant: VariantInput = {
      id,
      accuracy: v.accuracy,
      memoryMiB: v.memoryMiB,
      loadMs: v.loadMs,
    };
    if (v.p50 !== undefined) variant.latencyMs = { p50: v.p50, p99: v.p99 ?? v.p50 };
    if (v.failedToLoad !== undefined) variant.failedToLoad = v.failedToLoad;
    this.value.variants.push(variant);
    return this;
  }
  build(): FamilyInput {
    return { id: this.value.id, variants: this.value.variants.map((v) => ({ ...v })) };
  }
}

export class AppBuilder {
  private readonly value: AppInput;
  constructor(id: string) {
    this.value = {
      id,
      family: '',
      primaryVariant: '',
      slo: { minAccuracy: 0, maxRecoveryMs: 10_000 },
    };
  }
  family(id: string): this {
    this.value.family = id;
    return this;
  }
  primary(variant: string): this {
    this.value.primaryVariant = variant;
    return this;
  }
  on(node: string): this {
    this.value.primaryNode = node;
    return this;
  }
  weight(weight: number): this {
    this.value.weight = weight;
    return this;
  }
  slo(slo: Partial<AppInput['slo']>): this {
    this.value.slo = { ...this.value.slo, ...slo };
    return this;
  }
  build(): AppInput {
    return { ...this.value, slo: { ...this.value.slo } };
  }
}

export class ProblemBuilder {
  private readonly value: PlanningProblemInput = { nodes: [], families: [], apps: [] };
  nodes(...nodes: NodeBuilder[]): this {
    this.value.nodes.push(...nodes.map((n) => n.build()));
    return this;
  }
  families(...families: FamilyBuilder[]): this {
    this.value.families.push(...families.map((f) => f.build()));
    return this;
  }
  apps(...apps: AppBuilder[]): this {
    this.value.apps.push(...apps.map((a) => a.build()));
    return this;
  }
  protection(level: 'node' | 'domain'): this {
    this.value.protection = level;
    return this;
  }
  detectionMs(ms: number): this {
    this.value.detectionMs = ms;
    return this;
  }
  objective(weights: { recoveryWeight?: number; unprotectedPenalty?: number }): this {
    this.value.objective = weights;
    return this;
  }
  build(): PlanningProblemInput {
    return structuredClone(this.value);
  }
}

export const node = (id: string) => new NodeBuilder(id);
export const family = (id: string) => new FamilyBuilder(id);
export const app = (id: string) => new AppBuilder(id);
export const problem = () => new ProblemBuilder();
