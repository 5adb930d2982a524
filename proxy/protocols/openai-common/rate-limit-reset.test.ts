import { describe, expect, it } from 'vitest';
import { parseResetDuration, rateLimitResetFromHeaders } from './rate-limit-reset.js';

describe('OpenAI rate-limit reset headers', () => {
  it('reads durations as OpenAI writes them', () => {
    expect(parseResetDuration('1s')).toBe(1000);
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('7.66s')).toBe(7660);
    expect(parseResetDuration('12')).toBe(12_000);
    expect(parseResetDuration('soon')).toBeNull();
    expect(parseResetDuration('')).toBeNull();
    expect(parseResetDuration(null)).toBeNull();
  });

  it('takes the reset of the limit that ran out, else the later one', () => {
    const now = 1_000_000;
    const headers = (values: Record<string, string>) => rateLimitResetFromHeaders(new Headers(values), now);
    expect(headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-tokens': '9s' })).toEqual({ limit: 'requests', resetsAt: new Date(now + 1000) });
    expect(headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '9s' })).toEqual({ limit: 'tokens', resetsAt: new Date(now + 9000) });
    expect(headers({})).toBeNull();
  });
});
