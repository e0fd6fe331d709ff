/**
 * An error the CLI reports as one line on stderr with a non-zero exit code, without a stack
 * trace. Commands throw it for bad input; anything else is a bug and keeps its stack.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
