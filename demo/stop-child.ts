import type { ChildProcess } from 'node:child_process';

/** True while the child has neither exited nor been killed by a signal. */
export function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/**
 * Sends SIGTERM and resolves once the child has exited; sends SIGKILL if it is still running
 * after `timeoutMs`. Resolves at once for a child that is gone. Never throws.
 */
export async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (isRunning(child)) child.kill('SIGKILL');
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
}
