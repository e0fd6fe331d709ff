/**
 * Runs model loads one at a time, failover loads first. onnxruntime-node builds a session
 * synchronously on the main thread, so loads cannot overlap anyway; ordering them is what
 * matters: a failover load waits for at most the one load in progress, never for the rest of
 * a plan. One at a time also keeps each load's measured memory (an RSS difference) its own.
 */
export type LoadPriority = 'failover' | 'plan';

interface Task {
  run: () => Promise<void>;
}

export class LoadQueue {
  private readonly failover: Task[] = [];
  private readonly plan: Task[] = [];
  private running = false;

  /** Runs `load` when its turn comes; resolves or rejects with its outcome. */
  run<T>(priority: LoadPriority, load: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task = { run: () => load().then(resolve, reject) };
      (priority === 'failover' ? this.failover : this.plan).push(task);
      void this.drain();
    });
  }

  /** Loads waiting, not counting the one running. */
  get waiting(): number {
    return this.failover.length + this.plan.length;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let task = this.next(); task !== undefined; task = this.next()) await task.run();
    } finally {
      this.running = false;
    }
  }

  private next(): Task | undefined {
    return this.failover.shift() ?? this.plan.shift();
  }
}
