import { describe, expect, it } from 'vitest';
import { keepOrder } from './stable-order';

describe('keepOrder', () => {
  it('keeps the order on screen when the new order would swap two cards', () => {
    expect(keepOrder(['work', 'home'], ['home', 'work'])).toEqual(['work', 'home']);
  });

  it('adds new ids after the ones shown, in their own order, and drops gone ones', () => {
    expect(keepOrder(['a', 'b', 'c'], ['d', 'c', 'a', 'e'])).toEqual(['a', 'c', 'd', 'e']);
  });

  it('takes the new order as it is when nothing was shown yet', () => {
    expect(keepOrder([], ['b', 'a'])).toEqual(['b', 'a']);
  });
});
