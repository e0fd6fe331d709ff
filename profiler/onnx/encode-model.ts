/**
 * Serialises an `OnnxModel` to the ONNX protobuf format. Field numbers are those of
 * onnx/onnx.proto (proto2 syntax; https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
 * Repeated scalars are written unpacked, which every proto2 parser accepts.
 */
import { ProtoWriter } from './proto-writer.ts';
import { DATA_TYPE_CODE } from './onnx-model.ts';
import type {
  AttributeValue,
  Initializer,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  ValueInfo,
} from './onnx-model.ts';

/** AttributeProto.AttributeType (onnx.proto). */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const;

/** The model as chunks, to be written with one `writev`/concat and no intermediate copies. */
export function encodeModelChunks(model: OnnxModel): Uint8Array[] {
  // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8, metadata_props = 14.
  const out = new ProtoWriter().uint(1, model.irVersion).string(2, model.producerName);
  out.message(7, encodeGraph(model.graph));
  // OperatorSetIdProto: domain = 1 (absent: the default ai.onnx domain), version = 2.
  out.message(8, new ProtoWriter().uint(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    // StringStringEntryProto: key = 1, value = 2.
    out.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return out.toChunks();
}

/** The model as one buffer. */
export function encodeModel(model: OnnxModel): Uint8Array {
  return Buffer.concat(encodeModelChunks(model));
}

/** One TensorProto on its own, as an ONNX test-data file (`input_0.pb`) holds it. */
export function encodeTensorProto(tensor: Initializer): Uint8Array {
  return encodeInitializer(tensor).finish();
}

function encodeGraph(graph: OnnxGraph): ProtoWriter {
  // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
  const out = new ProtoWriter();
  for (const node of graph.nodes) out.message(1, encodeNode(node));
  out.string(2, graph.name);
  for (const init of graph.initializers) out.message(5, encodeInitializer(init));
  for (const input of graph.inputs) out.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) out.message(12, encodeValueInfo(output));
  return out;
}

function encodeNode(node: OnnxNode): ProtoWriter {
  // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
  const out = new ProtoWriter();
  for (const input of node.inputs) out.string(1, input);
  for (const output of node.outputs) out.string(2, output);
  out.string(3, node.name).string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes))
    out.message(5, encodeAttribute(name, value));
  return out;
}

function encodeAttribute(name: string, attribute: AttributeValue): ProtoWriter {
  // AttributeProto: name = 1, f = 2, i = 3, s = 4, ints = 8, type = 20.
  const out = new ProtoWriter().string(1, name).uint(20, ATTRIBUTE_TYPE[attribute.kind]);
  switch (attribute.kind) {
    case 'float':
      return out.float(2, attribute.value);
    case 'int':
      return out.uint(3, attribute.value);
    case 'string':
      return out.string(4, attribute.value);
    case 'ints':
      for (const value of attribute.value) out.uint(8, value);
      return out;
  }
}

function encodeInitializer(init: Initializer): ProtoWriter {
  // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian, fixed width).
  const out = new ProtoWriter();
  for (const dim of init.dims) out.uint(1, dim);
  out.uint(2, DATA_TYPE_CODE[init.type]).string(8, init.name);
  const bytes = init.contents.kind === 'bytes' ? init.contents.bytes : init.contents.generate();
  return out.bytes(9, bytes);
}

function encodeValueInfo(info: ValueInfo): ProtoWriter {
  // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2; TensorShapeProto: dim = 1.
  const shape = new ProtoWriter();
  for (const dim of info.dims) {
    const dimension = new ProtoWriter();
    if (typeof dim === 'number') dimension.uint(1, dim);
    else dimension.string(2, dim);
    shape.message(1, dimension);
  }
  // TypeProto.Tensor: elem_type = 1, shape = 2; TypeProto: tensor_type = 1.
  const tensorType = new ProtoWriter().uint(1, DATA_TYPE_CODE[info.type]).message(2, shape);
  // ValueInfoProto: name = 1, type = 2.
  return new ProtoWriter()
    .string(1, info.name)
    .message(2, new ProtoWriter().message(1, tensorType));
}
