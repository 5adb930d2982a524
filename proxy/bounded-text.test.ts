import { describe, expect, it } from 'vitest';
import { boundText } from './bounded-text.js';

describe('boundText', () => {
  it('keeps text within the bound as it is', () => {
    expect(boundText('claude-sonnet-4-6', 256)).toBe('claude-sonnet-4-6');
    expect(boundText('x'.repeat(256), 256)).toBe('x'.repeat(256));
  });

  it('cuts longer text to the bound and says how much it left out', () => {
    const bounded = boundText('x'.repeat(5_000_000), 256);
    expect(bounded.length).toBeLessThanOrEqual(256);
    expect(bounded).toMatch(/^x+… \(4,999,\d{3} more characters\)$/);
  });

  it('holds a bound too small for its note', () => {
    expect(boundText('abcdefghijklmnop', 5)).toBe('abcde');
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    for (let max = 40; max < 50; max++) {
      const bounded = boundText('😀'.repeat(100), max);
      expect(bounded.length).toBeLessThanOrEqual(max);
      expect(bounded).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no high surrogate without its pair
    }
  });
});
