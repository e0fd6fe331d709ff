import type { ProcessHandle } from '../kit/process-handle.ts';

/**
 * Every child process the demo started, so that whatever happens (an error, a second Ctrl-C,
 * the process exiting) none is left running. `killAllNow` is synchronous: it is safe in an
 * `exit` handler.
 */
export class ChildRegistry {
  private readonly children = new Set<ProcessHandle>();

  add(child: ProcessHandle): void {
    this.children.add(child);
  }

  /** SIGKILLs every child still running; returns how many. */
  killAllNow(): number {
    let killed = 0;
    for (const child of this.children) if (child.killNow()) killed += 1;
    return killed;
  }
}
