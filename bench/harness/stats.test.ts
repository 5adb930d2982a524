import { describe, expect, it } from 'vitest';
import { addedOver, median, percentile } from './stats.js';

describe('percentile', () => {
  it('takes the nearest rank, whatever the order of the samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('addedOver', () => {
  it('pairs the samples: a drift shared by both cancels', () => {
    const direct = [10, 20, 30, 40];
    const proxied = [10.5, 20.5, 30.5, 41];
    expect(addedOver(proxied, direct)).toEqual({ p50: 0.5, p99: 1 });
  });

  it('refuses samples that are not paired', () => {
    expect(() => addedOver([1, 2], [1])).toThrow(/paired/);
  });
});
