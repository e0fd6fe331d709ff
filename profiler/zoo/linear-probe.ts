/**
 * The "linear probe" family: a fixed linear classifier whose accuracy is known by construction,
 * so the profiler's accuracy path is tested on real numbers. Each variant gets its own labelled
 * dataset: samples are labelled with the classifier's own decision, then exactly
 * `flippedSamples` labels are changed to another class, so top-1 accuracy is exactly
 * (samples − flipped) / samples. Samples whose top two logits are close are skipped, so float
 * rounding (JavaScript float64 here, onnxruntime float32 there) cannot change a decision.
 * Every variant takes the same input, `features` float32[1,512] (a family has one signature),
 * and reads only its first `features` values: the larger variant sees more of the sample.
 */
import { GraphBuilder } from '../onnx/graph-builder.ts';
import { SeededRandom, float32FromBytes, uniformFloat32Bytes } from '../seeded-random.ts';

export interface ProbeVariantSpec {
  readonly id: string;
  readonly features: number;
  readonly flippedSamples: number;
}

export const PROBE_CLASSES = 10;
/** The width of every variant's input; each reads its first `features` values. */
export const PROBE_INPUT_WIDTH = 512;
export const PROBE_SAMPLES = 200;
/** Smallest gap between the top two logits a sample may have (logits are of order 1). */
const MIN_MARGIN = 0.01;

export const PROBE_VARIANTS: readonly ProbeVariantSpec[] = [
  { id: 'probe_small', features: 32, flippedSamples: 40 },
  { id: 'probe_medium', features: 128, flippedSamples: 20 },
  { id: 'probe_large', features: 512, flippedSamples: 8 },
];

export interface BuiltProbe {
  readonly graph: GraphBuilder;
  /** The dataset as JSON lines (see `profiler/README.md`, "Dataset format"). */
  readonly datasetJsonl: string;
  /** Exact expected top-1 accuracy. */
  readonly accuracy: number;
}

export function buildProbe(spec: ProbeVariantSpec, seed: string): BuiltProbe {
  const weightBytes = uniformFloat32Bytes(
    `${seed}/weights`,
    spec.features * PROBE_CLASSES,
    Math.sqrt(3 / spec.features),
  );
  const weights = float32FromBytes(weightBytes);
  const graph = new GraphBuilder(spec.id);
  const input = graph.input('features', 'float32', [1, PROBE_INPUT_WIDTH]);
  const int64 = (hint: string, value: number) =>
    graph.constant(hint, 'int64', [1], { kind: 'bytes', bytes: int64Bytes(value) });
  const features =
    spec.features === PROBE_INPUT_WIDTH
      ? input
      : graph.op('Slice', [
          input,
          int64('start', 0),
          int64('end', spec.features),
          int64('axis', 1),
        ]);
  // Gemm with W stored [classes, features] and transB = 1, no bias: logits = x·Wᵀ.
  const w = graph.parameter('probe_w', [PROBE_CLASSES, spec.features], {
    kind: 'bytes',
    bytes: weightBytes,
  });
  graph.op('Gemm', [features, w], { transB: { kind: 'int', value: 1 } });
  const logits = graph.renameLastOutput('logits');
  graph.op('ArgMax', [logits], {
    axis: { kind: 'int', value: 1 },
    keepdims: { kind: 'int', value: 0 },
  });
  graph.renameLastOutput('label');
  graph.output('logits', 'float32', [1, PROBE_CLASSES]);
  graph.output('label', 'int64', [1]);
  const datasetJsonl = probeDataset(spec, seed, weights);
  return { graph, datasetJsonl, accuracy: (PROBE_SAMPLES - spec.flippedSamples) / PROBE_SAMPLES };
}

function probeDataset(spec: ProbeVariantSpec, seed: string, weights: Float32Array): string {
  const random = new SeededRandom(`${seed}/dataset`);
  const samples: Array<{ x: number[]; label: number }> = [];
  while (samples.length < PROBE_SAMPLES) {
    const x = Array.from({ length: PROBE_INPUT_WIDTH }, () => Math.fround(random.next() * 2 - 1));
    const decision = decide(x.slice(0, spec.features), weights);
    if (decision.margin >= MIN_MARGIN) samples.push({ x, label: decision.label });
  }
  for (const index of pickDistinct(random, PROBE_SAMPLES, spec.flippedSamples)) {
    const sample = samples[index] as { label: number };
    sample.label = (sample.label + 1 + random.nextInt(PROBE_CLASSES - 1)) % PROBE_CLASSES;
  }
  return (
    samples.map(({ x, label }) => JSON.stringify({ inputs: { features: x }, label })).join('\n') +
    '\n'
  );
}

/** The classifier's decision on one sample and the gap between its top two logits. */
function decide(x: readonly number[], weights: Float32Array): { label: number; margin: number } {
  const logits = Array.from({ length: PROBE_CLASSES }, (_, k) =>
    x.reduce((sum, xi, i) => sum + xi * (weights[k * x.length + i] as number), 0),
  );
  const order = logits.map((value, k) => ({ value, k })).sort((a, b) => b.value - a.value);
  const [first, second] = order as [{ value: number; k: number }, { value: number; k: number }];
  return { label: first.k, margin: first.value - second.value };
}

/** One little-endian int64, as an initializer's raw bytes. */
function int64Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(value), true);
  return bytes;
}

/** `count` distinct indices in [0, n), by a partial Fisher–Yates shuffle. */
function pickDistinct(random: SeededRandom, n: number, count: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(n - i);
    [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
  }
  return indices.slice(0, count);
}
