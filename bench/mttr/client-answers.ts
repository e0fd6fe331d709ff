/** What one client's answers say about a round: its recovery and its failures. */
import type { ClientAnswer } from '../../kit/client-loop.ts';

/** The first successful answer at or after `killedAtMs` from a node other than `killed`. */
export function firstRecovered(
  answers: readonly ClientAnswer[],
  killedAtMs: number,
  killed: string,
): ClientAnswer | undefined {
  return answers.find(
    (a) => a.atMs >= killedAtMs && a.status === 200 && a.node !== undefined && a.node !== killed,
  );
}

/** Failed requests (non-200 answers and transport errors) completed at an instant `when` admits. */
export function failedCount(
  answers: readonly ClientAnswer[],
  when: (atMs: number) => boolean,
): number {
  return answers.filter((a) => a.status !== 200 && when(a.atMs)).length;
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
