import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../profiler/progress-bar.ts';

function bar(): { progress: ProgressBar; writes: string[]; clock: { ms: number } } {
  const writes: string[] = [];
  const clock = { ms: 0 };
  const progress = new ProgressBar({ write: (text: string) => writes.push(text) }, () => clock.ms);
  return { progress, writes, clock };
}

describe('ProgressBar', () => {
  describe('when progress moves the bar', () => {
    it('redraws the line in place', () => {
      const { progress, writes } = bar();
      progress.update('load', 1, 2);
      progress.update('load', 2, 2);
      expect(writes).toEqual([
        '\rload      [############............] 1/2\x1b[K',
        '\rload      [########################] 2/2\x1b[K',
      ]);
    });
  });

  describe('when only the count changes within 100 ms', () => {
    it('skips the redraw, and redraws once the count is stale', () => {
      const { progress, writes, clock } = bar();
      progress.update('latency', 1, 1000);
      progress.update('latency', 2, 1000);
      expect(writes).toHaveLength(1);
      clock.ms = 150;
      progress.update('latency', 3, 1000);
      expect(writes).toHaveLength(2);
    });
  });

  describe('when cleared', () => {
    it('erases the line once', () => {
      const { progress, writes } = bar();
      progress.update('load', 1, 2);
      progress.clear();
      progress.clear();
      expect(writes.slice(1)).toEqual(['\r\x1b[K']);
    });
  });
});
