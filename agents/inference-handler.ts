/**
 * `POST /v1/infer/{app}` on plain node:http, ahead of express: the one route whose overhead
 * is a target (p50 ≤ 0.5 ms over a bare `session.run`). Express's router and body parser and
 * the OpenAPI validator together add 0.24-0.28 ms at p50 (bench/agent/validator-cost.ts), more
 * than this whole path costs, so it reads the body itself, checks it against the model's
 * signature in one pass (request-feeds.ts) and writes errors through the same problem+json
 * mapping as every other route. It does no Redis I/O: the serving replica and the plan
 * version are in memory.
 *
 * A request with `Understudy-Hedge: 1` is the router's hedge of a request late on the app's
 * primary: an idle warm understudy here answers it (still as role `understudy`, with
 * `Understudy-Hedge: idle-understudy` on the answer) instead of 409 APP_NOT_ACTIVE. Only a
 * loaded replica can: a cold understudy holds just a file, so the app is still not served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tensor } from 'onnxruntime-node';
import type { Logger } from 'pino';
import type { components } from '../openapi/agent-types.ts';
import { problemOf, toDomainError } from '../core/problem.ts';
import { DomainError, firstLine } from '../core/errors.ts';
import { renamed } from '../core/signature-contract.ts';
import { jsonValues } from './json-tensor-data.ts';
import type { Replica } from './replica.ts';
import { feedsFromFrame, feedsFromJson } from './request-feeds.ts';
import type { SessionManager } from './session-manager.ts';
import { encodeTensorFrame, TENSOR_FRAME_MEDIA_TYPE } from './tensor-frame.ts';
import type { FrameTensor } from './tensor-frame.ts';
import { isNumericType } from './tensor-types.ts';
import type { NumericArray } from './tensor-types.ts';

type InferResponse = components['schemas']['InferResponse'];

export const INFER_PATH = /^\/v1\/infer\/([^/?#]+)(?:\?.*)?$/;

/** The request header (value `1`) that asks an idle warm understudy to answer a hedge. */
export const HEDGE_HEADER = 'understudy-hedge';
/** Its value on an answer an idle understudy gave because of it. */
export const HEDGE_ANSWERED = 'idle-understudy';

export interface InferenceHandlerOptions {
  nodeId: string;
  sessions: SessionManager;
  planVersion: () => number | undefined;
  /** Largest request body, in bytes. */
  bodyLimitBytes: number;
  logger: Logger;
}

type Form = 'json' | 'frame';

/** The replica that answers, and whether it does so only because the request is a hedge. */
interface Answering {
  replica: Replica;
  hedge: boolean;
}

export class InferenceHandler {
  private readonly options: InferenceHandlerOptions;

  constructor(options: InferenceHandlerOptions) {
    this.options = options;
  }

  /** Answers one request whose path matched INFER_PATH with method POST. */
  handle(req: IncomingMessage, res: ServerResponse, app: string): void {
    const instance = (req.url ?? '').split('?')[0] ?? '';
    const form = formOf(req.headers['content-type']);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (form === undefined || declared > this.options.bodyLimitBytes) {
      req.resume();
      const error =
        form === undefined
          ? unsupported(req.headers['content-type'])
          : tooLarge(this.options.bodyLimitBytes);
      this.fail(res, error, instance);
      return;
    }
    const hedge = req.headers[HEDGE_HEADER] === '1';
    readBody(req, this.options.bodyLimitBytes).then(
      (body) =>
        this.answer(res, app, form, body, hedge).catch((error: unknown) =>
          this.fail(res, error, instance),
        ),
      (error: unknown) => this.fail(res, error, instance),
    );
  }

  private async answer(
    res: ServerResponse,
    app: string,
    form: Form,
    body: Buffer,
    hedgeAsked: boolean,
  ): Promise<void> {
    const { replica, hedge } = this.replicaFor(app, hedgeAsked);
    const feeds =
      form === 'json'
        ? feedsFromJson(parseJson(body), replica.signature)
        : feedsFromFrame(body, replica.signature);
    let outputs: Record<string, Tensor>;
    const { renaming } = replica;
    const run = replica.session.run(renamed(feeds, renaming.feeds));
    replica.inFlight.add(run);
    try {
      outputs = renamed((await run) as Record<string, Tensor>, renaming.outputs);
    } catch (error) {
      const message = firstLine(error);
      throw new DomainError(
        'INFERENCE_FAILED',
        `${replica.model.family}/${replica.model.variant} failed on these inputs: ${message}`,
      );
    } finally {
      replica.inFlight.delete(run);
    }
    const planVersion = this.options.planVersion() ?? null;
    res.setHeader('understudy-node', this.options.nodeId);
    res.setHeader('understudy-app', app);
    res.setHeader('understudy-family', replica.model.family);
    res.setHeader('understudy-variant', replica.model.variant);
    res.setHeader('understudy-plan-version', planVersion === null ? '' : String(planVersion));
    if (hedge) res.setHeader(HEDGE_HEADER, HEDGE_ANSWERED);
    if (form === 'frame') {
      send(res, 200, TENSOR_FRAME_MEDIA_TYPE, encodeTensorFrame(frameOutputs(outputs)));
      return;
    }
    const answer: InferResponse = {
      node: this.options.nodeId,
      app,
      family: replica.model.family,
      variant: replica.model.variant,
      planVersion,
      role: replica.role,
      outputs: jsonOutputs(outputs),
    };
    send(res, 200, 'application/json', JSON.stringify(answer));
  }

  /** The app's serving replica; for a hedge, else an idle warm understudy. */
  private replicaFor(app: string, hedgeAsked: boolean): Answering {
    const { sessions, nodeId } = this.options;
    const replica = sessions.active(app);
    if (replica !== undefined) return { replica, hedge: false };
    const idles = sessions.replicasOf(app);
    const understudy = hedgeAsked ? idles.find((idle) => idle.role === 'understudy') : undefined;
    if (understudy !== undefined) return { replica: understudy, hedge: true };
    const idle = idles[0];
    if (idle !== undefined) {
      throw new DomainError(
        'APP_NOT_ACTIVE',
        `${app} has an idle understudy (${idle.model.family}/${idle.model.variant}) on ${nodeId}; it serves once its primary's node fails`,
      );
    }
    throw new DomainError('APP_NOT_SERVED', `${app} is not served on ${nodeId}`);
  }

  private fail(res: ServerResponse, error: unknown, instance: string): void {
    const domainError = toDomainError(error);
    if (domainError.code === 'INTERNAL')
      this.options.logger.error({ err: error, path: instance }, 'inference failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    send(
      res,
      domainError.status,
      'application/problem+json',
      JSON.stringify(problemOf(domainError, instance)),
    );
  }
}

function formOf(contentType: string | undefined): Form | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === TENSOR_FRAME_MEDIA_TYPE) return 'frame';
  return undefined;
}

function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.once('end', () =>
      size > limitBytes
        ? reject(tooLarge(limitBytes))
        : resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.once('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new DomainError('MALFORMED_BODY', 'the body is not valid JSON', [
      { pointer: '/body', detail: error instanceof Error ? error.message : 'is not valid JSON' },
    ]);
  }
}

function jsonOutputs(outputs: Record<string, Tensor>): InferResponse['outputs'] {
  const result: InferResponse['outputs'] = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    result[name] = {
      type: tensor.type as InferResponse['outputs'][string]['type'],
      dims: [...tensor.dims],
      data: jsonValues(tensor.type, tensor.data) as Array<number | string | boolean>,
    };
  }
  return result;
}

function frameOutputs(outputs: Record<string, Tensor>): FrameTensor[] {
  return Object.entries(outputs).map(([name, tensor]) => {
    if (!isNumericType(tensor.type)) {
      throw new DomainError(
        'NOT_ACCEPTABLE',
        `output ${name} is a ${tensor.type} tensor, which only the JSON form carries`,
      );
    }
    return { name, type: tensor.type, dims: tensor.dims, data: tensor.data as NumericArray };
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

function unsupported(contentType: string | undefined): DomainError {
  return new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    contentType === undefined
      ? 'the body has no content type'
      : `cannot read a ${contentType} body`,
    [
      {
        pointer: '/headers/content-type',
        detail: `must be application/json or ${TENSOR_FRAME_MEDIA_TYPE}`,
      },
    ],
  );
}

function tooLarge(limitBytes: number): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    `the request body is larger than the agent accepts (${limitBytes} bytes)`,
  );
}
