import { describe, expect, it } from 'vitest';
import { LoadQueue } from '../../agents/load-queue.ts';

describe('LoadQueue', () => {
  describe('when a failover load is queued behind plan loads', () => {
    it('runs it right after the load in progress', async () => {
      const queue = new LoadQueue();
      const order: string[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const loads = [
        queue.run('plan', async () => {
          await gate;
          order.push('plan-1');
        }),
        queue.run('plan', async () => void order.push('plan-2')),
        queue.run('plan', async () => void order.push('plan-3')),
        queue.run('failover', async () => void order.push('failover')),
      ];
      release();
      await Promise.all(loads);
      expect(order).toEqual(['plan-1', 'failover', 'plan-2', 'plan-3']);
    });
  });

  describe('when a load fails', () => {
    it('rejects that load and runs the next', async () => {
      const queue = new LoadQueue();
      const failed = queue.run('plan', async () => {
        throw new Error('corrupt');
      });
      const next = queue.run('plan', async () => 'loaded');
      await expect(failed).rejects.toThrow('corrupt');
      await expect(next).resolves.toBe('loaded');
    });
  });
});
