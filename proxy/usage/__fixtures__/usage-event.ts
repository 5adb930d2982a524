import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageEvent } from '../types.js';

/** A finished, successful Sonnet 4.5 request; tests override what they look at. */
export function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    at: Date.UTC(2026, 0, 15, 12, 30),
    keyId: 'key-a',
    accountId: 'acct-1',
    provider: 'anthropic',
    modelRequested: 'claude-sonnet-4-5',
    modelServed: 'claude-sonnet-4-5-20250929',
    endpoint: '/v1/messages',
    inputTokens: 1000,
    outputTokens: 500,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: null,
    tokensEstimated: false,
    latencyMs: 1200,
    ttftMs: 300,
    status: 200,
    outcome: 'ok',
    error: null,
    ...overrides,
  };
}

/** A fresh folder for one test's database. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sb-usage-'));
}
