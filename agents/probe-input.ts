/**
 * An input every model of a signature accepts — zeros (empty strings), each dynamic dimension
 * 1 — and the one inference a replica must answer before a failover reports it serving: an
 * understudy that loads but cannot run is found out then, not by the clients.
 */
import { Tensor } from 'onnxruntime-node';
import { DomainError, firstLine } from '../core/errors.ts';
import { renamed } from '../core/signature-contract.ts';
import type { Clock } from './clock.ts';
import type { TensorPort } from './model-signature.ts';
import { modelLabel } from './replica.ts';
import type { Replica } from './replica.ts';
import { feedsFromJson } from './request-feeds.ts';
import { NUMERIC_TYPES, elementCount } from './tensor-types.ts';

/** Zeros of each input's shape, dynamic dimensions 1, under the ports' own names. */
export function zeroFeeds(inputs: readonly TensorPort[]): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const port of inputs) {
    const dims = port.dims.map((dim) => (typeof dim === 'number' ? dim : 1));
    const count = elementCount(dims);
    feeds[port.name] =
      port.type === 'string'
        ? new Tensor(
            'string',
            Array.from({ length: count }, () => ''),
            dims,
          )
        : new Tensor(port.type, new NUMERIC_TYPES[port.type].array(count), dims);
  }
  return feeds;
}

/**
 * Runs the probe input — the family's, else zeros — through `replica` as a request would
 * (family names, renamed to the session's) and returns when it answered (epoch ms);
 * INFERENCE_FAILED when it cannot, VALIDATION_FAILED when the family's does not fit the model.
 */
export async function answerProbe(replica: Replica, clock: Clock): Promise<number> {
  const { probeInput } = replica.model;
  const feeds =
    probeInput === undefined
      ? zeroFeeds(replica.signature.inputs)
      : feedsFromJson(probeInput, replica.signature);
  const run = replica.session.run(renamed(feeds, replica.renaming.feeds));
  replica.inFlight.add(run);
  try {
    await run;
    return clock.nowMs();
  } catch (error) {
    const message = firstLine(error);
    throw new DomainError(
      'INFERENCE_FAILED',
      `${modelLabel(replica.model)} could not answer its probe input for ${replica.app}: ${message}`,
    );
  } finally {
    replica.inFlight.delete(run);
  }
}
