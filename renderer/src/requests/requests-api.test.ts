import { describe, expect, it } from 'vitest';
import { appendPage, formatRequestTime, NO_FILTERS, outcomeText, requestsPath, tokensLine, type RecentRequest } from './requests-api';

const row = (overrides: Partial<RecentRequest> = {}): RecentRequest => ({
  id: 1, at: 0, keyId: 'owner', accountId: 'a', provider: 'anthropic', modelRequested: 'claude-sonnet-4-6', modelServed: 'claude-sonnet-4-6',
  endpoint: '/v1/messages', inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: null,
  tokensEstimated: false, latencyMs: 900, ttftMs: 200, status: 200, outcome: 'ok', error: null, costUsd: 0.01, ...overrides,
});

describe('requests view helpers', () => {
  it('asks for a filtered page, and an older one with before', () => {
    expect(requestsPath(NO_FILTERS)).toBe('/admin/requests?limit=50');
    expect(requestsPath({ ...NO_FILTERS, key: 'k 1', outcome: 'error' }, 42)).toBe('/admin/requests?limit=50&key=k+1&outcome=error&before=42');
  });

  it('appends an older page without repeating rows', () => {
    expect(appendPage([row({ id: 3 }), row({ id: 2 })], [row({ id: 2 }), row({ id: 1 })]).map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it('says what happened and how many tokens, in words', () => {
    expect(outcomeText(row())).toBe('200');
    expect(outcomeText(row({ outcome: 'error', status: 529 }))).toBe('error 529');
    expect(outcomeText(row({ outcome: 'error', status: 200 }))).toBe('error in stream');
    expect(outcomeText(row({ outcome: 'aborted', status: 499 }))).toBe('client left');
    expect(tokensLine(row({ cacheReadTokens: 5000, tokensEstimated: true }))).toBe('1,200 in · 300 out · 5,000 cached (estimated)');
  });

  it('shows only the time for today, and the date before', () => {
    const now = new Date(2026, 10, 23, 15, 0).getTime();
    expect(formatRequestTime(new Date(2026, 10, 23, 14, 5, 9).getTime(), now)).toMatch(/05:09|5:09/);
    expect(formatRequestTime(new Date(2026, 10, 21, 14, 5).getTime(), now)).toMatch(/21/);
    expect(formatRequestTime(new Date(2026, 10, 21, 14, 5).getTime(), now)).not.toMatch(/:09/);
  });
});
