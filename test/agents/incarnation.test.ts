import { describe, expect, it } from 'vitest';
import { Incarnation } from '../../agents/incarnation.ts';

describe('an agent incarnation', () => {
  it('takes nothing as stale before the node is registered', () => {
    expect(new Incarnation().isStale(0)).toBe(false);
  });

  it('takes notices of earlier epochs as stale, of its own or later ones not', () => {
    const incarnation = new Incarnation();
    incarnation.adopt(3);
    expect([2, 3, 4].map((epoch) => incarnation.isStale(epoch))).toEqual([true, false, false]);
  });

  it('never moves back', () => {
    const incarnation = new Incarnation();
    incarnation.adopt(5);
    incarnation.adopt(4);
    expect(incarnation.current).toBe(5);
  });
});
