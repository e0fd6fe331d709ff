/**
 * The demo's progress lines: `• starting the planner … ok, 0.4 s (http://127.0.0.1:41234)`.
 * A step that the signal aborts stops being awaited at once (cleanup then ends whatever it
 * had started).
 */
import { WaitTimeout } from '../kit/wait-until.ts';

export type Write = (text: string) => void;

export class Progress {
  constructor(
    private readonly write: Write,
    private readonly signal?: AbortSignal,
  ) {}

  /** One line of its own. */
  line(text = ''): void {
    this.write(`${text}\n`);
  }

  /** Runs a step between `• label … ` and `ok, <time> (<detail>)` or `failed`. */
  async step<T>(label: string, work: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
    this.write(`• ${label} … `);
    const startedMs = performance.now();
    try {
      const value = await this.untilAborted(work());
      const note = detail?.(value);
      const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
      this.write(`ok, ${seconds} s${note ? ` (${note})` : ''}\n`);
      return value;
    } catch (error) {
      this.write(`${this.signal?.aborted ? 'interrupted' : outcomeOf(error)}\n`);
      throw error;
    }
  }

  private untilAborted<T>(work: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal === undefined) return work;
    work.catch(() => undefined); // may settle after an abort; nobody awaits it then
    return new Promise<T>((resolve, reject) => {
      const aborted = () => reject(signal.reason);
      if (signal.aborted) return aborted();
      signal.addEventListener('abort', aborted, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted));
    });
  }
}

function outcomeOf(error: unknown): string {
  return error instanceof WaitTimeout ? error.short : 'failed';
}
