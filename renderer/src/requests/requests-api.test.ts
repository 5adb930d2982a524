import { describe, expect, it } from 'vitest';
import { appendPage, formatSeconds, modelLine, NO_FILTERS, outcomeText, requestsPath, targetLine, tokenParts, type RecentRequest } from './requests-api';

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

  it('names the target that served and the targets of its chain tried before it', () => {
    expect(targetLine(row({ provider: 'example-key', targetsTried: ['anthropic', 'example-key'] }))).toBe('example-key after anthropic');
    expect(targetLine(row({ targetsTried: ['anthropic'] }))).toBe('anthropic');
    expect(targetLine(row({ targetsTried: [] }))).toBe('anthropic');
    expect(targetLine(row({ provider: null, targetsTried: [] }))).toBeNull();
  });

  it('says what happened and how many tokens, in words', () => {
    expect(outcomeText(row())).toBe('200');
    expect(outcomeText(row({ outcome: 'error', status: 529 }))).toBe('error 529');
    expect(outcomeText(row({ outcome: 'error', status: 200 }))).toBe('error in stream');
    expect(outcomeText(row({ outcome: 'aborted', status: 499 }))).toBe('client left');
  });

  it('shows cache reads and cache writes apart, never added up (a write costs more than input, a read far less)', () => {
    // A Claude Code request's first turn: its whole prompt written to the cache.
    expect(tokenParts(row({ inputTokens: 3, outputTokens: 8, cacheWriteTokens: 12255 }))).toEqual(['3 in', '8 out', '12,255 cache write']);
    expect(tokenParts(row({ inputTokens: 3, outputTokens: 8, cacheReadTokens: 12255, cacheWriteTokens: 40 }))).toEqual(['3 in', '8 out', '12,255 cache read', '40 cache write']);
    expect(tokenParts(row())).toEqual(['1,200 in', '300 out']);
  });

  it('names the model that ran, and what was asked for when it differs', () => {
    expect(modelLine({ modelRequested: 'sonnet', modelServed: 'claude-sonnet-4-6' })).toEqual({ model: 'claude-sonnet-4-6', asked: 'sonnet' });
    expect(modelLine({ modelRequested: 'claude-haiku-4-5', modelServed: 'claude-haiku-4-5' })).toEqual({ model: 'claude-haiku-4-5', asked: null });
    // Refused before routing: the model it asked for is all there is.
    expect(modelLine({ modelRequested: 'no-such-model-9', modelServed: null })).toEqual({ model: 'no-such-model-9', asked: null });
    expect(modelLine({ modelRequested: null, modelServed: null })).toEqual({ model: null, asked: null });
    expect(formatSeconds(523)).toBe('0.52 s');
  });
});
