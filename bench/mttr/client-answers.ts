/** What one client's answers say about a round: its recovery, its latency and its failures. */
import type { ClientAnswer } from '../../kit/client-loop.ts';

/** The first successful answer at or after `faultAtMs` from a node other than `faulted`. */
export function firstRecovered(
  answers: readonly ClientAnswer[],
  faultAtMs: number,
  faulted: string,
): ClientAnswer | undefined {
  return answers.find(
    (a) => a.atMs >= faultAtMs && a.status === 200 && a.node !== undefined && a.node !== faulted,
  );
}

/**
 * The longest latency (sent to answered, in ms) of the requests in flight at `faultAtMs` or
 * sent after it and before `untilMs`; undefined when there were none.
 */
export function longestInFlight(
  answers: readonly ClientAnswer[],
  faultAtMs: number,
  untilMs: number,
): number | undefined {
  const spans = answers
    .filter((a) => a.atMs >= faultAtMs && a.sentAtMs < untilMs)
    .map((a) => a.atMs - a.sentAtMs);
  return spans.length === 0 ? undefined : Math.max(...spans);
}

/** Failed requests (non-200 answers and transport errors) that `which` admits. */
export function failedCount(
  answers: readonly ClientAnswer[],
  which: (answer: ClientAnswer) => boolean,
): number {
  return answers.filter((a) => a.status !== 200 && which(a)).length;
}

/** Every failure in time order: its instant and what came back. */
export function failuresOf(
  answers: readonly ClientAnswer[],
): Array<{ atMs: number; what: string }> {
  return answers
    .filter((a) => a.status !== 200)
    .map((a) => ({
      atMs: a.atMs,
      what:
        a.status === 0
          ? String(a.detail)
          : [a.status, a.problem, a.detail].filter((x) => x !== undefined).join(' '),
    }));
}
