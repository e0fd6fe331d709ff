/**
 * The one catalog of errors the profiler and the zoo raise. Each has a stable `code` so callers
 * (the CLI, or a parent process reading a child's report) identify it without `instanceof`.
 * Messages are one line, written for the operator, and name the file or flag at fault.
 */
export const PROFILER_ERROR_CODES = {
  MODEL_NOT_FOUND: 'the model file does not exist',
  MODEL_UNREADABLE: 'the model file cannot be read',
  NOT_ONNX: 'the file is not an ONNX model',
  TRUNCATED: 'the ONNX file ends inside a field',
  MODEL_INVALID: 'onnxruntime rejected the model',
  UNSUPPORTED_TYPE: 'an input or output has an element type understudy does not handle',
  INPUT_SPEC_INVALID: 'an --input flag is malformed',
  INPUT_UNKNOWN: 'an --input flag names no input of the model',
  SHAPE_MISMATCH: 'an input shape does not fit the model',
  RUN_FAILED: 'onnxruntime failed to run the model',
  DATASET_NOT_FOUND: 'the dataset file does not exist',
  DATASET_INVALID: 'a dataset line is malformed or does not fit the model',
  LOAD_WORKER_FAILED: 'a cold-load child process failed',
  SCALE_TOO_SMALL: 'the zoo scale is too small to build a variant',
  OPTION_INVALID: 'a command-line option has a value outside what it accepts',
  MANIFEST_INVALID: 'the zoo manifest is missing or malformed',
} as const;

export type ProfilerErrorCode = keyof typeof PROFILER_ERROR_CODES;

export class ProfilerError extends Error {
  readonly code: ProfilerErrorCode;

  constructor(code: ProfilerErrorCode, message: string) {
    super(message);
    this.name = 'ProfilerError';
    this.code = code;
  }
}

/** True for a `ProfilerError`, also one re-created from another process's report. */
export function isProfilerError(error: unknown): error is ProfilerError {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code in PROFILER_ERROR_CODES;
}
