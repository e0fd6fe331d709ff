/**
 * Everything a benchmark run must undo, whatever ends it: the normal end, an error, or Ctrl-C.
 * Child processes are tracked by handle (the real child, never a wrapper such as npx) so that
 * they can be SIGKILLed at once; other resources (test hosts, a Redis, a key prefix, temporary
 * files) are steps run newest first. The entry file wires `run` to SIGINT and SIGTERM and
 * `killNow` to `exit`.
 */
import type { ProcessHandle } from '../../kit/process-handle.ts';

interface Step {
  name: string;
  run: () => Promise<unknown>;
}

export class Teardown {
  private readonly handles = new Set<ProcessHandle>();
  private readonly steps: Step[] = [];
  private running: Promise<string[]> | undefined;

  /** Kills the process on teardown; returns the function that forgets it again. */
  track(handle: ProcessHandle): () => void {
    this.handles.add(handle);
    return () => this.handles.delete(handle);
  }

  /** Runs `run` on teardown (newest first); returns the function that forgets it again. */
  add(name: string, run: () => Promise<unknown>): () => void {
    const step = { name, run };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
    };
  }

  /**
   * SIGKILLs every tracked process, then runs every step, each tried whatever the others do;
   * resolves with what failed, one line each. Runs once: a second call awaits the first.
   */
  run(): Promise<string[]> {
    this.running ??= this.runOnce();
    return this.running;
  }

  /** SIGKILL to every tracked process without waiting, safe in an `exit` handler. */
  killNow(): void {
    for (const handle of this.handles) handle.killNow();
  }

  private async runOnce(): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all([...this.handles].map((handle) => handle.kill()));
    this.handles.clear();
    for (const step of this.steps.splice(0).reverse()) {
      await step.run().catch((error: unknown) => {
        failures.push(`${step.name}: ${(error as Error).message}`);
      });
    }
    return failures;
  }
}
