import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { raceWithHedge } from '../../src/router/hedge-race.ts';
import type { InFlight, RaceResult } from '../../src/router/hedge-race.ts';

/** An answer: its status; 2xx and 4xx other than 404/409 settle the race. */
type Answer = { from: 'primary' | 'hedge'; status: number };

/** A request under way that the test answers by hand, and the reasons it was aborted with. */
interface Copy extends InFlight<Answer> {
  answer(status: number): void;
  aborts: string[];
}

function copy(from: Answer['from']): Copy {
  let answer: (value: Answer) => void = () => {};
  const aborts: string[] = [];
  const done = new Promise<Answer>((resolve) => (answer = resolve));
  return {
    done,
    answer: (status) => answer({ from, status }),
    abort: (why) => {
      aborts.push(why);
      answer({ from, status: 0 });
    },
    aborts,
  };
}

const settles = (answer: Answer) => answer.status >= 200 && answer.status < 300;
const DELAY_MS = 20;

describe('raceWithHedge', () => {
  let primary: Copy;
  let hedge: Copy;
  let hedgesAsked: number;
  let result: RaceResult<Answer> | undefined;

  beforeEach(() => {
    vi.useFakeTimers();
    primary = copy('primary');
    hedge = copy('hedge');
    hedgesAsked = 0;
    result = undefined;
  });

  afterEach(() => vi.useRealTimers());

  function race(sendHedge = true): void {
    void raceWithHedge({
      primary,
      delayMs: DELAY_MS,
      hedge: () => {
        hedgesAsked += 1;
        return sendHedge ? hedge : undefined;
      },
      settles,
    }).then((value) => (result = value));
  }

  describe('when the primary answers before the delay', () => {
    it('answers with it and never asks for a hedge', async () => {
      race();
      primary.answer(200);
      await vi.advanceTimersByTimeAsync(DELAY_MS * 2);
      expect(result).toEqual({
        result: { from: 'primary', status: 200 },
        by: 'primary',
        hedged: false,
      });
      expect(hedgesAsked).toBe(0);
    });

    it('passes a "not here" on at once, unhedged, for the caller to retry', async () => {
      race();
      primary.answer(409);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'primary', hedged: false, result: { status: 409 } });
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      expect(hedgesAsked).toBe(0);
    });
  });

  describe('when the primary is late', () => {
    it('asks for the hedge at the delay, not before', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS - 1);
      expect(hedgesAsked).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(hedgesAsked).toBe(1);
      expect(result).toBeUndefined();
    });

    it('answers with the hedge and aborts the primary', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      hedge.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toEqual({ result: { from: 'hedge', status: 200 }, by: 'hedge', hedged: true });
      expect(primary.aborts).toEqual(['the hedge answered first']);
    });

    it('answers with the primary if it still comes first, and aborts the hedge', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      primary.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'primary', hedged: true });
      expect(hedge.aborts).toEqual(['the primary answered first']);
    });

    it('a client error is an answer too: it settles the race', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      primary.answer(400);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toBeUndefined();
      // The test's `settles` takes only 2xx; the forwarder's takes 4xx but 404/409.
      hedge.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'hedge' });
    });

    it('waits on for the primary when the hedge is refused', async () => {
      race(false);
      await vi.advanceTimersByTimeAsync(DELAY_MS * 10);
      expect(hedgesAsked).toBe(1);
      expect(result).toBeUndefined();
      primary.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'primary', hedged: false });
    });

    it('asks for the hedge again when told to, and sends it then', async () => {
      let asked = 0;
      void raceWithHedge({
        primary,
        delayMs: DELAY_MS,
        hedge: () => (++asked === 1 ? { retryInMs: 7 } : hedge),
        settles,
      }).then((value) => (result = value));
      await vi.advanceTimersByTimeAsync(DELAY_MS + 6);
      expect(asked).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(asked).toBe(2);
      hedge.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'hedge', hedged: true });
    });

    it('does not ask again once the primary answered', async () => {
      let asked = 0;
      void raceWithHedge({
        primary,
        delayMs: DELAY_MS,
        hedge: () => {
          asked += 1;
          return { retryInMs: 7 };
        },
        settles,
      }).then((value) => (result = value));
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      primary.answer(200);
      await vi.advanceTimersByTimeAsync(DELAY_MS * 5);
      expect(asked).toBe(1);
      expect(result).toMatchObject({ by: 'primary', hedged: false });
    });

    it('waits on for the primary when the hedge says "not here"', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      hedge.answer(404);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toBeUndefined();
      primary.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'primary', hedged: true, result: { status: 200 } });
    });

    it('waits on for the hedge when the primary says "not here"', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      primary.answer(409);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toBeUndefined();
      hedge.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'hedge', result: { status: 200 } });
      expect(primary.aborts).toEqual([]);
    });

    it('gives the primary’s answer when neither settles', async () => {
      race();
      await vi.advanceTimersByTimeAsync(DELAY_MS);
      hedge.answer(404);
      primary.answer(503);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toEqual({
        result: { from: 'primary', status: 503 },
        by: 'primary',
        hedged: true,
      });
    });
  });
  describe('when the primary fails before the delay in a way that calls for the hedge', () => {
    const refused = (answer: Answer) => answer.status === 0;
    let asked: Array<{ primaryFailed: boolean }>;

    function raceAtOnce(sendHedge: boolean): void {
      asked = [];
      void raceWithHedge({
        primary,
        delayMs: DELAY_MS,
        hedge: (why) => {
          asked.push(why);
          return sendHedge ? hedge : undefined;
        },
        settles,
        hedgesAtOnce: refused,
      }).then((value) => (result = value));
    }

    it('asks for the hedge at once, saying the primary failed, and answers with it', async () => {
      raceAtOnce(true);
      primary.answer(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(asked).toEqual([{ primaryFailed: true }]);
      hedge.answer(200);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'hedge', hedged: true, result: { status: 200 } });
      await vi.advanceTimersByTimeAsync(DELAY_MS * 2);
      expect(asked).toHaveLength(1);
    });

    it('gives the primary’s failure back when the hedge is refused', async () => {
      raceAtOnce(false);
      primary.answer(0);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'primary', hedged: false, result: { status: 0 } });
    });

    it('gives the primary’s failure back when the hedge says "not here"', async () => {
      raceAtOnce(true);
      primary.answer(0);
      await vi.advanceTimersByTimeAsync(0);
      hedge.answer(409);
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ by: 'primary', hedged: true, result: { status: 0 } });
    });

    it('passes any other failure on unhedged, as before', async () => {
      raceAtOnce(true);
      primary.answer(503);
      await vi.advanceTimersByTimeAsync(DELAY_MS * 2);
      expect(asked).toEqual([]);
      expect(result).toMatchObject({ by: 'primary', hedged: false, result: { status: 503 } });
    });
  });
});
