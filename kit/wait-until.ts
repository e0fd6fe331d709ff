/**
 * Waiting without sleeping: re-check a condition, or await an emitter's event, until it holds
 * or a timeout runs out, abortable by a signal. A wait that runs out rejects with a
 * `WaitTimeout` naming what was awaited.
 */
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';

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
  /** How long to wait, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Ends the wait at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Time between checks of a condition, in ms. Default 20. */
  intervalMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Re-checks `probe` until it returns a value (anything but undefined) and resolves with it;
 * rejects with a `WaitTimeout` after `timeoutMs`, with the signal's reason once it aborts, or
 * with what `probe` threw. For state other processes change that nothing announces.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new WaitTimeout(what, timeoutMs);
    await pause(options.intervalMs ?? 20, options.signal);
  }
}

/**
 * Resolves with the arguments of the next `name` event `emitter` emits; rejects with a
 * `WaitTimeout` after `timeoutMs`, or with the signal's reason once it aborts.
 */
export async function waitForEvent(
  emitter: EventEmitter,
  name: string,
  what: string,
  options: Omit<WaitOptions, 'intervalMs'> = {},
): Promise<unknown[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  options.signal?.throwIfAborted();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new WaitTimeout(what, timeoutMs)), timeoutMs);
  const signal =
    options.signal === undefined
      ? timeout.signal
      : AbortSignal.any([timeout.signal, options.signal]);
  try {
    return await once(emitter, name, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
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
