/**
 * The one catalog of errors, shared by the planner, the agent, the solver and the profiler.
 * Each has a stable code, an HTTP status and a title; `core/problem.ts` turns them into RFC 9457
 * documents, the CLI into one line on stderr, and code that crosses a process boundary
 * identifies them by `code`, never by `instanceof`.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  MALFORMED_BODY: { status: 400, title: 'The request body is not valid JSON' },
  UNAUTHORIZED: { status: 401, title: 'A valid bearer token is required' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'No acceptable representation' },
  IN_USE: { status: 409, title: 'The resource is in use' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  UNKNOWN_REFERENCE: { status: 422, title: 'The request refers to something that does not exist' },
  WRITE_CONTENTION: { status: 503, title: 'Too many concurrent writers, try again' },
  INTERNAL: { status: 500, title: 'Internal error' },
  STORE_UNAVAILABLE: { status: 503, title: 'The state store (Redis) is unavailable' },
  // Node agent (agents/): inference, model files and plans.
  APP_NOT_SERVED: { status: 404, title: 'The application is not served on this node' },
  APP_NOT_ACTIVE: { status: 409, title: 'The application is held here but not active' },
  INFERENCE_FAILED: { status: 422, title: 'The model could not run on these inputs' },
  AGENT_DRAINING: { status: 503, title: 'The agent is shutting down' },
  MODEL_INVALID: { status: 422, title: 'The model file is not a usable ONNX model' },
  MODEL_MISMATCH: { status: 422, title: 'The model file is not the variant it was named as' },
  SIGNATURE_MISMATCH: {
    status: 422,
    title: "A variant's inputs or outputs are not its family's",
  },
  CHECKSUM_MISMATCH: { status: 422, title: 'The model file does not match its SHA-256' },
  MODEL_UNAVAILABLE: { status: 502, title: 'The model file could not be read or fetched' },
  MEMORY_BUDGET_EXCEEDED: { status: 507, title: "The node's model memory budget is exceeded" },
  NO_ROUTE: { status: 503, title: 'No node serves the application right now' },
  // Solver (solver/): input that should have been validated first, broken infrastructure, bugs.
  PROBLEM_INVALID: {
    status: 422,
    title: 'The planning problem refers to something it does not define',
  },
  PLAN_FAILED_CHECK: { status: 500, title: 'A plan failed the independent checker' },
  SOLVER_BACKEND_FAILED: { status: 500, title: 'The MILP backend crashed or answered nonsense' },
  // Profiler and zoo (profiler/): messages name the file or flag at fault.
  MODEL_NOT_FOUND: { status: 404, title: 'The model file does not exist' },
  MODEL_UNREADABLE: { status: 422, title: 'The model file cannot be read' },
  NOT_ONNX: { status: 422, title: 'The file is not an ONNX model' },
  TRUNCATED: { status: 422, title: 'The ONNX file ends inside a field' },
  UNSUPPORTED_TYPE: {
    status: 422,
    title: 'An input or output has an element type understudy does not handle',
  },
  INPUT_SPEC_INVALID: { status: 400, title: 'An --input flag is malformed' },
  INPUT_UNKNOWN: { status: 400, title: 'An --input flag names no input of the model' },
  SHAPE_MISMATCH: { status: 422, title: 'An input shape does not fit the model' },
  RUN_FAILED: { status: 422, title: 'onnxruntime failed to run the model' },
  DATASET_NOT_FOUND: { status: 404, title: 'The dataset file does not exist' },
  DATASET_INVALID: {
    status: 422,
    title: 'A dataset line is malformed or does not fit the model',
  },
  LOAD_WORKER_FAILED: { status: 500, title: 'A cold-load child process failed' },
  SCALE_TOO_SMALL: { status: 400, title: 'The zoo scale is too small to build a variant' },
  OPTION_INVALID: {
    status: 400,
    title: 'A command-line option has a value outside what it accepts',
  },
  MANIFEST_INVALID: { status: 422, title: 'The zoo manifest is missing or malformed' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/**
 * A field at fault: a JSON Pointer prefixed by where it is (`/body/...`, `/query/...`), or into
 * the document at hand (a planning problem, a plan slice), with what is wrong.
 */
export interface FieldProblem {
  pointer: string;
  detail: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly FieldProblem[];

  constructor(code: ErrorCode, detail: string, errors: readonly FieldProblem[] = []) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.errors = errors;
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }
}

/** True for any error carrying a catalog code, whichever module or process made it. */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    Object.hasOwn(ERROR_CATALOG, error.code) &&
    'errors' in error
  );
}

/** The first line of an error's message (onnxruntime's run on over many lines). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * The codes that are a model file's fault (its bytes, its registration, its answers): the same
 * file fails on every node, and trying again cannot fix it. A file a node could not read or
 * fetch (MODEL_UNAVAILABLE), a full memory budget or an internal error are not among them.
 */
export const FILE_FAULTS: ReadonlySet<string> = new Set<ErrorCode>([
  'MODEL_INVALID',
  'MODEL_MISMATCH',
  'SIGNATURE_MISMATCH',
  'CHECKSUM_MISMATCH',
  'INFERENCE_FAILED',
]);
