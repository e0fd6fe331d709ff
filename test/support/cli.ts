import { ProcessHandle } from '../../kit/process-handle.ts';
import { UNDERSTUDY_CLI } from '../../kit/understudy-process.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `understudy <args>` as a real process and collects its output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const cli = ProcessHandle.spawn({
    name: `understudy ${args.join(' ')}`,
    command: process.execPath,
    args: [UNDERSTUDY_CLI, ...args],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  cli.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  cli.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await cli.exited;
  return { code, stdout, stderr };
}
