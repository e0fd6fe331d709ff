/**
 * Builds an `OnnxGraph` one node at a time, naming values uniquely, and keeps a running count
 * of trainable parameters so model families can size themselves before any weights exist.
 */
import { elementCount } from './onnx-model.ts';
import type {
  AttributeValue,
  Dim,
  ElementType,
  Initializer,
  OnnxGraph,
  OnnxNode,
  TensorContents,
  ValueInfo,
} from './onnx-model.ts';

export type Attributes = Readonly<Record<string, AttributeValue>>;

/** Tensor contents, or a function of the tensor's unique name (e.g. to seed its weights). */
export type ContentsSource = TensorContents | ((name: string) => TensorContents);

export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly counters = new Map<string, number>();
  private parameters = 0;

  constructor(private readonly name: string) {}

  /** Trainable parameters added so far (elements of initializers added with `parameter`). */
  get parameterCount(): number {
    return this.parameters;
  }

  /** Declares a graph input and returns its value name. */
  input(name: string, type: ElementType, dims: readonly Dim[]): string {
    this.inputs.push({ name, type, dims });
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, type: ElementType, dims: readonly Dim[]): void {
    this.outputs.push({ name, type, dims });
  }

  /** A trainable float32 tensor (weight or bias); counted in `parameterCount`. */
  parameter(hint: string, dims: readonly number[], contents: ContentsSource): string {
    this.parameters += elementCount(dims);
    return this.constant(hint, 'float32', dims, contents);
  }

  /** A constant tensor that is not a trainable parameter (clip bounds, shapes, …). */
  constant(
    hint: string,
    type: Initializer['type'],
    dims: readonly number[],
    contents: ContentsSource,
  ): string {
    const name = this.uniqueName(hint);
    const resolved = typeof contents === 'function' ? contents(name) : contents;
    this.initializers.push({ name, type, dims, contents: resolved });
    return name;
  }

  /** Adds one node with a single output and returns the output's value name. */
  op(opType: string, inputs: readonly string[], attributes: Attributes = {}): string {
    const [output] = this.opMulti(opType, inputs, 1, attributes);
    return output as string;
  }

  /** Adds one node with `outputCount` outputs and returns their value names. */
  opMulti(
    opType: string,
    inputs: readonly string[],
    outputCount: number,
    attributes: Attributes = {},
  ): string[] {
    const name = this.uniqueName(opType.toLowerCase());
    const outputs = Array.from({ length: outputCount }, (_, i) =>
      outputCount === 1 ? name : `${name}_${i}`,
    );
    this.nodes.push({ opType, name, inputs, outputs, attributes });
    return outputs;
  }

  /** Renames the most recent node's first output, e.g. to give a graph output a stable name. */
  renameLastOutput(name: string): string {
    const last = this.nodes.pop();
    if (last === undefined) throw new Error('renameLastOutput: the graph has no nodes');
    this.nodes.push({ ...last, outputs: [name, ...last.outputs.slice(1)] });
    return name;
  }

  build(): OnnxGraph {
    return {
      name: this.name,
      nodes: [...this.nodes],
      initializers: [...this.initializers],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
    };
  }

  private uniqueName(hint: string): string {
    const n = (this.counters.get(hint) ?? 0) + 1;
    this.counters.set(hint, n);
    return `${hint}_${n}`;
  }
}
