import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitForEvent, waitUntil, WaitTimeout } from '../../kit/wait-until.ts';

describe('waitUntil', () => {
  describe('when the probe comes up with a value', () => {
    it('resolves with it', async () => {
      let checks = 0;
      const value = await waitUntil('the third check', () => (++checks >= 3 ? checks : undefined), {
        intervalMs: 1,
      });
      expect(value).toBe(3);
    });
  });

  describe('when the timeout runs out first', () => {
    it('rejects with a WaitTimeout naming what was awaited', async () => {
      const error = await waitUntil('the sun to rise', () => undefined, { timeoutMs: 50 }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(WaitTimeout);
      expect((error as WaitTimeout).message).toBe('the sun to rise: not within 50 ms');
      expect((error as WaitTimeout).short).toBe('not within 50 ms');
    });
  });

  describe('when the signal aborts', () => {
    it("rejects with the signal's reason", async () => {
      const controller = new AbortController();
      const reason = new Error('interrupted');
      const waiting = waitUntil('nothing', () => undefined, { signal: controller.signal });
      controller.abort(reason);
      await expect(waiting).rejects.toBe(reason);
    });
  });
});

describe('waitForEvent', () => {
  describe('when the event is emitted', () => {
    it('resolves with its arguments', async () => {
      const emitter = new EventEmitter();
      const waiting = waitForEvent(emitter, 'elected', 'an election');
      emitter.emit('elected', 'first', 1);
      expect(await waiting).toEqual(['first', 1]);
    });
  });

  describe('when it is not emitted in time', () => {
    it('rejects with a WaitTimeout naming what was awaited', async () => {
      await expect(
        waitForEvent(new EventEmitter(), 'elected', 'an election', { timeoutMs: 1_500 }),
      ).rejects.toThrow(new WaitTimeout('an election', 1_500));
    });
  });
});
