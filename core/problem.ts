import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { components } from '../openapi/types.ts';
import { DomainError, ERROR_CATALOG, isDomainError } from './errors.ts';
import type { ErrorCode, FieldProblem } from './errors.ts';

type Problem = components['schemas']['Problem'];

/** Validator and body-parser statuses, mapped onto the catalog. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Builds the RFC 9457 document for a catalog error. */
export function problemOf(error: DomainError, instance: string): Problem {
  return {
    type: `urn:understudy:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: ERROR_CATALOG[error.code].title,
    status: error.status,
    detail: error.message,
    instance,
    code: error.code,
    ...(error.errors.length > 0 ? { errors: [...error.errors] } : {}),
  };
}

/** Turns any error into a catalog error: ours as they are, the libraries' by status. */
export function toDomainError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  if (isHttpLike(error)) {
    if (error.type === 'entity.parse.failed') {
      return new DomainError('MALFORMED_BODY', 'the body is not valid JSON', [
        { pointer: '/body', detail: error.message },
      ]);
    }
    const code = STATUS_CODES[error.status];
    if (code === 'VALIDATION_FAILED') return validationError(fieldProblems(error));
    if (code === 'UNSUPPORTED_MEDIA_TYPE') {
      return new DomainError(code, error.message, [
        {
          pointer: '/headers/content-type',
          detail: 'must be application/json (or application/merge-patch+json for PATCH)',
        },
      ]);
    }
    if (code !== undefined) return new DomainError(code, detailOf(error));
  }
  return new DomainError('INTERNAL', 'an unexpected error occurred; see the server log');
}

/** The one place that writes error statuses. Route handlers only throw. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const domainError = toDomainError(error);
    if (domainError.code === 'INTERNAL')
      logger.error({ err: error, path: req.path }, 'request failed');
    if (domainError.code === 'UNAUTHORIZED') res.setHeader('WWW-Authenticate', 'Bearer');
    if (domainError.code === 'METHOD_NOT_ALLOWED' && isHttpLike(error) && error.headers?.Allow) {
      res.setHeader('Allow', error.headers.Allow);
    }
    res
      .status(domainError.status)
      .type('application/problem+json')
      .json(problemOf(domainError, instanceOf(req)));
  };
}

/** Answers every request no route took with a 404 problem. */
export const notFound: RequestHandler = (req) => {
  throw new DomainError('NOT_FOUND', `no route for ${req.method} ${req.path}`);
};

function instanceOf(req: Request): string {
  return req.originalUrl.split('?')[0] ?? req.path;
}

interface HttpLike {
  status: number;
  message: string;
  type?: string;
  headers?: { Allow?: string };
  errors?: Array<{ path?: string; message?: string; errorCode?: string }>;
}

function isHttpLike(error: unknown): error is HttpLike {
  return error instanceof Error && 'status' in error && typeof error.status === 'number';
}

function detailOf(error: HttpLike): string {
  if (error.status === 413) return 'the request body is larger than the server accepts';
  return error.message;
}

function validationError(problems: FieldProblem[]): DomainError {
  const listed = problems.map((problem) => `${problem.pointer} ${problem.detail}`).join('; ');
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new DomainError('VALIDATION_FAILED', `${count} in the request: ${listed}`, problems);
}

/** The validator's errors, as JSON Pointers into the request. */
function fieldProblems(error: HttpLike): FieldProblem[] {
  return (error.errors ?? []).map((item) => ({
    pointer: toPointer(item.path ?? ''),
    detail: item.errorCode?.startsWith('additionalProperties')
      ? 'is not a field this resource has; remove it'
      : (item.message ?? 'is invalid'),
  }));
}

function toPointer(path: string): string {
  const pointer = path.startsWith('/') ? path : `/${path.replaceAll('.', '/')}`;
  return pointer.replace(/^\/params\//, '/path/');
}
