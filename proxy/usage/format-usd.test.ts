import { describe, expect, it } from 'vitest';
import { formatUsd, formatUsdPair } from './format-usd.js';

describe('formatUsd', () => {
  it('says cents where they suffice and four decimals below ten cents', () => {
    expect(formatUsd(25)).toBe('$25.00');
    expect(formatUsd(0.0012)).toBe('$0.0012');
  });

  it('tells two amounts said side by side apart, with as many decimals as that takes', () => {
    expect(formatUsdPair(0.00624, 0.00621)).toEqual(['$0.00624', '$0.00621']);
    expect(formatUsdPair(12.5, 3)).toEqual(['$12.50', '$3.00']);
    expect(formatUsdPair(0.5, 0.5)).toEqual(['$0.50', '$0.50']);
  });
});
