/**
 * Turns an inference request body (JSON or tensor frame) into onnxruntime feeds, checked
 * against the model's signature. Every problem is reported at once, each with a JSON Pointer
 * into the request (`/body/inputs/<name>/...`, the same for both forms).
 *
 * Why not express-openapi-validator here: agent.yaml describes this body and the validator
 * enforces it on every other route, but here it cannot know the model's signature (the part
 * that matters) and it costs more than the agent's whole overhead. bench/agent/run.ts
 * (validator-cost.ts) measured, at p50 on this 2-core machine, express + express.json() +
 * the validator adding 0.24-0.28 ms per JSON request over this path (express alone 0.14 ms),
 * while the agent's entire HTTP overhead over a bare session.run is 0.21 ms on the small
 * model — it would have taken the agent to the edge of the 0.5 ms target. These functions
 * check the document's shape and the signature in one pass over the data instead.
 */
import { Tensor } from 'onnxruntime-node';
import { DomainError } from '../core/errors.ts';
import type { FieldProblem } from '../core/errors.ts';
import { checkTensor, missingInputs, pointerToken, unknownInput } from './input-check.ts';
import { jsonTensorData } from './json-tensor-data.ts';
import type { ModelSignature } from './model-signature.ts';
import { decodeTensorFrame } from './tensor-frame.ts';
import { elementCount } from './tensor-types.ts';

type Feeds = Record<string, Tensor>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Feeds from `{ inputs: { <name>: { type, dims, data } } }`. */
export function feedsFromJson(body: unknown, signature: ModelSignature): Feeds {
  const problems: FieldProblem[] = [];
  if (!isObject(body) || !isObject(body.inputs)) {
    throw invalid([
      { pointer: '/body/inputs', detail: 'is required: an object of input tensors by name' },
    ]);
  }
  for (const key of Object.keys(body)) {
    if (key !== 'inputs')
      problems.push({
        pointer: `/body/${pointerToken(key)}`,
        detail: 'is not a field of an inference request; remove it',
      });
  }
  const feeds: Feeds = {};
  const inputs = body.inputs;
  for (const name of Object.keys(inputs)) {
    const port = signature.inputsByName.get(name);
    if (port === undefined) {
      problems.push(unknownInput(signature, name));
      continue;
    }
    const given = inputs[name];
    if (!isObject(given)) {
      problems.push({
        pointer: `/body/inputs/${pointerToken(name)}`,
        detail: 'must be an object { type, dims, data }',
      });
      continue;
    }
    const dims = checkTensor(port, { type: given.type, dims: given.dims }, problems);
    if (dims === undefined) continue;
    const pointer = `/body/inputs/${pointerToken(name)}/data`;
    const data = jsonTensorData(port.type, given.data, elementCount(dims), pointer, problems);
    if (data !== undefined) feeds[name] = new Tensor(port.type, data, dims);
  }
  missingInputs(signature, new Set(Object.keys(inputs)), problems);
  if (problems.length > 0) throw invalid(problems);
  return feeds;
}

/** Feeds from a tensor frame (see tensor-frame.ts). */
export function feedsFromFrame(frame: Buffer, signature: ModelSignature): Feeds {
  const problems: FieldProblem[] = [];
  const feeds: Feeds = {};
  const seen = new Set<string>();
  for (const tensor of decodeTensorFrame(frame)) {
    seen.add(tensor.name);
    const port = signature.inputsByName.get(tensor.name);
    if (port === undefined) {
      problems.push(unknownInput(signature, tensor.name));
      continue;
    }
    const dims = checkTensor(port, tensor, problems);
    if (dims === undefined) continue;
    const count = elementCount(dims);
    if (tensor.data.length !== count) {
      problems.push({
        pointer: `/body/inputs/${pointerToken(tensor.name)}/data`,
        detail: `must hold ${count} values (the product of dims), not ${tensor.data.length}`,
      });
      continue;
    }
    feeds[tensor.name] = new Tensor(port.type, tensor.data, dims);
  }
  missingInputs(signature, seen, problems);
  if (problems.length > 0) throw invalid(problems);
  return feeds;
}

function invalid(problems: FieldProblem[]): DomainError {
  const listed = problems.map((problem) => `${problem.pointer} ${problem.detail}`).join('; ');
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new DomainError('VALIDATION_FAILED', `${count} in the request: ${listed}`, problems);
}
