/**
 * One request raced against its hedge: the first copy goes out at once; if it has not come
 * back after `delayMs`, a second copy may go elsewhere (or, if the caller says so, be asked
 * for again a little later), and the first answer that settles the race wins while the other
 * copy is aborted. An answer that does not settle it ("not here",
 * a failure) leaves the other copy running; if both come back unsettled, the first copy's
 * answer is the result, as if there had been no hedge. No I/O of its own.
 */

/** A request under way: its outcome (never a rejection) and how to abort it. */
export interface InFlight<T> {
  done: Promise<T>;
  abort(why: string): void;
}

export interface HedgeRaceOptions<T> {
  primary: InFlight<T>;
  /** How long the primary copy has before the hedge is considered, in ms. */
  delayMs: number;
  /**
   * Called at the delay if the primary copy is still out (or at once if it failed as
   * `hedgesAtOnce` says, with `primaryFailed`): the hedge sent; `{ retryInMs }` to be asked
   * again then if the primary is still out; or undefined for no hedge at all.
   */
  hedge: (why: { primaryFailed: boolean }) => InFlight<T> | HedgeLater | undefined;
  /** Whether an answer settles the race; otherwise the other copy is waited for. */
  settles: (result: T) => boolean;
  /**
   * Whether the primary copy's result, back before any hedge, calls for the hedge at once
   * (the node is certainly gone: its port refused the connection). Default: never.
   */
  hedgesAtOnce?: (result: T) => boolean;
}

/** Not yet: ask for the hedge again in `retryInMs`. */
export interface HedgeLater {
  retryInMs: number;
}

export interface RaceResult<T> {
  result: T;
  /** Whose answer it is. */
  by: 'primary' | 'hedge';
  /** Whether a hedge was sent at all. */
  hedged: boolean;
}

export function raceWithHedge<T>(options: HedgeRaceOptions<T>): Promise<RaceResult<T>> {
  const { primary, settles } = options;
  return new Promise((resolve) => {
    let hedge: InFlight<T> | undefined;
    let primaryResult: { value: T } | undefined;
    let hedgeBack = false;
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (result: T, by: RaceResult<T>['by']) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve({ result, by, hedged: hedge !== undefined });
    };
    const onHedge = (result: T) => {
      hedgeBack = true;
      if (finished) return;
      if (settles(result)) {
        if (primaryResult === undefined) primary.abort('the hedge answered first');
        finish(result, 'hedge');
      } else if (primaryResult !== undefined) finish(primaryResult.value, 'primary');
    };
    const askForHedge = () => {
      if (finished) return;
      const primaryFailed = primaryResult !== undefined;
      const decision = options.hedge({ primaryFailed });
      if (decision !== undefined && !('retryInMs' in decision)) {
        hedge = decision;
        void hedge.done.then(onHedge);
      } else if (primaryResult !== undefined) finish(primaryResult.value, 'primary');
      else if (decision !== undefined) timer = setTimeout(askForHedge, decision.retryInMs);
    };
    timer = setTimeout(askForHedge, options.delayMs);
    void primary.done.then((result) => {
      primaryResult = { value: result };
      if (finished) return;
      if (hedge === undefined) {
        clearTimeout(timer);
        if (!settles(result) && options.hedgesAtOnce?.(result) === true) askForHedge();
        else finish(result, 'primary');
      } else if (settles(result)) {
        hedge.abort('the primary answered first');
        finish(result, 'primary');
      } else if (hedgeBack) finish(result, 'primary');
    });
  });
}
