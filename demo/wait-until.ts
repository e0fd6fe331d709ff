/** A wait that ran out of time; its message says what was awaited. */
export class WaitTimeout extends Error {
  /** `not within 20 s`. */
  readonly short: string;

  constructor(what: string, timeoutMs: number) {
    const short = `not within ${formatSeconds(timeoutMs)}`;
    super(`${what}: ${short}`);
    this.name = 'WaitTimeout';
    this.short = short;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Time between checks, in ms. Default 20. */
  intervalMs?: number;
}

/**
 * Re-checks `probe` until it returns a value and resolves with it; rejects with a
 * `WaitTimeout` after `timeoutMs`, or with the signal's reason once it aborts. For state other
 * processes change (events, client answers) that nothing announces to the demo.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new WaitTimeout(what, options.timeoutMs);
    await pause(options.intervalMs ?? 20, options.signal);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    if (signal?.aborted) aborted();
    else signal?.addEventListener('abort', aborted, { once: true });
  });
}

function formatSeconds(ms: number): string {
  return ms >= 1_000 ? `${+(ms / 1_000).toFixed(1)} s` : `${ms} ms`;
}
