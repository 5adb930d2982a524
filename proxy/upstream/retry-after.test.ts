import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 12:01:00 GMT' }), now)).toBe(60_000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '2' }), now)).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(parseRetryAfter(new Headers(), now)).toBeNull();
  });
});
