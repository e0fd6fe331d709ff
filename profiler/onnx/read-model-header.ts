/**
 * Checks that bytes are an ONNX ModelProto before onnxruntime sees them, so "not ONNX" and
 * "truncated" get clear messages instead of onnxruntime's "Protobuf parsing failed", and reads
 * the model's `metadata_props`. Field numbers from onnx/onnx.proto (ModelProto).
 */
import { DomainError } from '../../core/errors.ts';
import { ProtoWalkError, walkFields } from './proto-reader.ts';
import type { ProtoField } from './proto-reader.ts';
import { WireType } from './proto-writer.ts';

export interface ModelHeader {
  readonly irVersion: number;
  readonly metadata: Readonly<Record<string, string>>;
}

/** ModelProto fields and their wire types: ir_version 1, producer_name 2 … functions 25. */
const MODEL_PROTO_FIELDS: ReadonlyMap<number, number> = new Map([
  [1, WireType.varint],
  [2, WireType.lengthDelimited],
  [3, WireType.lengthDelimited],
  [4, WireType.lengthDelimited],
  [5, WireType.varint],
  [6, WireType.lengthDelimited],
  [7, WireType.lengthDelimited],
  [8, WireType.lengthDelimited],
  [14, WireType.lengthDelimited],
  [20, WireType.lengthDelimited],
  [25, WireType.lengthDelimited],
]);
const IR_VERSION_FIELD = 1;
const GRAPH_FIELD = 7;
const METADATA_FIELD = 14;

/** Reads the header of the model file at `path` (named in errors) from its bytes. */
export function readModelHeader(bytes: Uint8Array, path: string): ModelHeader {
  if (bytes.byteLength === 0)
    throw new DomainError('NOT_ONNX', `${path} is not an ONNX model (the file is empty)`);
  let irVersion: number | undefined;
  let hasGraph = false;
  const metadata: Record<string, string> = {};
  let fieldsSeen = 0;
  try {
    walkFields(bytes, (f) => {
      const known = MODEL_PROTO_FIELDS.get(f.field);
      // The first field decides whether this is a ModelProto at all; later unknown fields are
      // tolerated as extensions from newer ONNX versions.
      if (known !== f.wireType && (known !== undefined || fieldsSeen === 0))
        throw new ProtoWalkError('malformed', 0);
      fieldsSeen++;
      if (f.field === IR_VERSION_FIELD) irVersion = Number(f.value);
      if (f.field === GRAPH_FIELD) hasGraph = true;
      if (f.field === METADATA_FIELD) Object.assign(metadata, readEntry(bytes, f));
    });
  } catch (error) {
    if (!(error instanceof ProtoWalkError)) throw error;
    if (error.reason === 'truncated' && fieldsSeen > 0) {
      throw new DomainError(
        'TRUNCATED',
        `${path} is a truncated ONNX file (it ends inside a field)`,
      );
    }
    throw new DomainError('NOT_ONNX', `${path} is not an ONNX model`);
  }
  if (irVersion === undefined || !hasGraph) {
    throw new DomainError(
      'NOT_ONNX',
      `${path} is not an ONNX model (no ${hasGraph ? 'IR version' : 'graph'})`,
    );
  }
  return { irVersion, metadata };
}

/** StringStringEntryProto: key = 1, value = 2. */
function readEntry(bytes: Uint8Array, entry: ProtoField): Record<string, string> {
  let key = '';
  let value = '';
  const decoder = new TextDecoder();
  walkFields(
    bytes,
    (f) => {
      if (f.wireType !== WireType.lengthDelimited) return;
      const text = decoder.decode(bytes.subarray(f.start, f.end));
      if (f.field === 1) key = text;
      if (f.field === 2) value = text;
    },
    entry.start,
    entry.end,
  );
  return key === '' ? {} : { [key]: value };
}
