import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../src/store/merge-patch.ts';

// The examples of RFC 7396, Appendix A.
describe('applyMergePatch', () => {
  it.each([
    { name: 'replaces a member', given: [{ a: 'b' }, { a: 'c' }], want: { a: 'c' } },
    { name: 'adds a member', given: [{ a: 'b' }, { b: 'c' }], want: { a: 'b', b: 'c' } },
    { name: 'removes a member with null', given: [{ a: 'b' }, { a: null }], want: {} },
    {
      name: 'keeps the others when removing',
      given: [{ a: 'b', b: 'c' }, { a: null }],
      want: { b: 'c' },
    },
    { name: 'replaces an array whole', given: [{ a: ['b'] }, { a: 'c' }], want: { a: 'c' } },
    {
      name: 'merges nested objects',
      given: [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }],
      want: { a: { b: 'd' } },
    },
    { name: 'replaces a non-object target', given: [['c'], { a: 'b' }], want: { a: 'b' } },
    {
      name: 'drops nulls inside new objects',
      given: [{}, { a: { bb: { ccc: null } } }],
      want: { a: { bb: {} } },
    },
  ])('$name', ({ given, want }) => {
    const [target, patch] = given;
    const copy = structuredClone(target);
    expect(applyMergePatch(target, patch)).toEqual(want);
    expect(target).toEqual(copy);
  });
});
