import { describe, expect, it } from 'vitest';
import { KeyPolicy, type Admission, type RequestQuote } from './key-policy.js';
import type { ApiKeyRecord, KeySpend } from './types.js';

const JUNE_15 = Date.parse('2025-06-15T12:00:00Z');

function startOfNextMonth(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function key(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: 'key_000000000001',
    prefix: 'sk-sb-abcd',
    label: 'test',
    owner: null,
    role: 'client',
    createdAt: 0,
    lastUsedAt: null,
    enabled: true,
    expiresAt: null,
    allowedModels: null,
    monthlyTokenBudget: null,
    monthlyCostBudgetUsd: null,
    rpmLimit: null,
    concurrencyLimit: null,
    pinnedTarget: null,
    pinnedAccount: null,
    revokedAt: null,
    ...overrides,
  };
}

/** What the test router resolves: an alias to a dated id, as the live model list may offer. */
const ALIASES: Record<string, string> = { haiku: 'claude-haiku-4-5-20251001', sonnet: 'claude-sonnet-5' };
const resolve = (name: string): string => ALIASES[name] ?? name;

/** A request for `model` that uses nothing unless told (the router resolves its name). */
function ask(model: string, use: Partial<RequestQuote> = {}): RequestQuote {
  return { model, resolvedModel: resolve(model), quotedModel: resolve(model), inputTokensEstimate: 0, maxOutputTokens: 0, maxCostUsd: 0, ...use };
}

function setup(spend: Partial<KeySpend> = {}) {
  const clock = { now: JUNE_15 };
  const asked: string[] = [];
  const policy = new KeyPolicy({
    spendOf: (keyId) => {
      asked.push(keyId);
      return { tokens: 0, costUsd: 0, requests: 0, unpricedRequests: 0, ...spend };
    },
    startOfNextMonth,
    resolveModel: (name) => resolve(name),
    now: () => clock.now,
  });
  return { policy, clock, asked };
}

function refusal(admission: Admission) {
  if (admission.ok) throw new Error('expected a refusal');
  return admission;
}

describe('KeyPolicy', () => {
  it('admits a key without limits and never asks the ledger for it', () => {
    const { policy, asked } = setup();
    expect(policy.admit(key(), ask('claude-sonnet-4-5')).ok).toBe(true);
    expect(asked).toEqual([]);
  });

  it('refuses revoked, disabled and expired keys with 401', () => {
    const { policy, clock } = setup();
    expect(refusal(policy.admit(key({ revokedAt: 1, enabled: false }), null))).toMatchObject({ status: 401, kind: 'authentication', code: 'key_revoked', message: expect.stringContaining('this key was revoked') });
    expect(refusal(policy.admit(key({ enabled: false }), null))).toMatchObject({ status: 401, code: 'key_disabled', message: expect.stringContaining('--enable') });
    expect(refusal(policy.admit(key({ expiresAt: clock.now }), null))).toMatchObject({ status: 401, code: 'key_expired', message: expect.stringContaining('2025-06-15T12:00:00.000Z') });
    expect(policy.admit(key({ expiresAt: clock.now + 1 }), null).ok).toBe(true);
  });

  it('refuses a model outside the allow-list with 403 naming the allowed ones', () => {
    const { policy } = setup();
    const limited = key({ allowedModels: ['claude-haiku-4-5', 'gpt-5-mini'] });
    expect(refusal(policy.admit(limited, ask('claude-opus-4-1')))).toMatchObject({
      status: 403,
      kind: 'permission',
      message: 'this key may not use the model "claude-opus-4-1"; it may use: claude-haiku-4-5, gpt-5-mini',
    });
    expect(policy.admit(limited, ask('gpt-5-mini')).ok).toBe(true);
    // Endpoints that name no model (the model list) are not model use.
    expect(policy.admit(limited, null).ok).toBe(true);
  });

  it('compares allow-lists by the model served: aliases and dated ids reach what they stand for', () => {
    const { policy } = setup();
    const haikuOnly = key({ allowedModels: ['claude-haiku-4-5'] });
    expect(policy.admit(haikuOnly, ask('haiku')).ok).toBe(true);
    expect(policy.admit(haikuOnly, ask('claude-haiku-4-5-20251001')).ok).toBe(true);
    expect(policy.admit(haikuOnly, ask('CLAUDE-HAIKU-4-5')).ok).toBe(true);
    expect(refusal(policy.admit(haikuOnly, ask('claude-haiku-4-5-fast'))).code).toBe('model_not_allowed');
    expect(refusal(policy.admit(haikuOnly, ask('sonnet'))).code).toBe('model_not_allowed');
    const sonnetAlias = key({ allowedModels: ['sonnet'] });
    expect(policy.admit(sonnetAlias, ask('claude-sonnet-5')).ok).toBe(true);
    expect(policy.admit(sonnetAlias, ask('sonnet')).ok).toBe(true);
    expect(refusal(policy.admit(sonnetAlias, ask('claude-sonnet-4-6'))).code).toBe('model_not_allowed');
  });

  it('never sends a cost-budgeted key to a model without a price, and names the override to add', () => {
    const { policy } = setup();
    const unpriced = ask('claude-new-9', { maxCostUsd: null, maxOutputTokens: 100 });
    const result = refusal(policy.admit(key({ monthlyCostBudgetUsd: 100 }), unpriced));
    expect(result).toMatchObject({ status: 403, kind: 'permission', code: 'model_unpriced' });
    expect(result.message).toContain('pricing:');
    expect(result.message).toContain('claude-new-9: {input: 5, output: 25}');
    // A key without a cost budget may use it (its cost is recorded as unpriced).
    expect(policy.admit(key({ monthlyTokenBudget: 1000 }), unpriced).ok).toBe(true);
  });

  it('refuses a request whose worst case would pass the cost budget, naming the max_tokens that still fits', () => {
    const { policy } = setup({ costUsd: 0.009 });
    const big = ask('m', { inputTokensEstimate: 1000, maxOutputTokens: 250_000, maxCostUsd: 5.008 });
    const result = refusal(policy.admit(key({ monthlyCostBudgetUsd: 0.01 }), big));
    expect(result).toMatchObject({ status: 429, code: 'insufficient_quota', retryAfterSeconds: expect.any(Number) });
    expect(result.message).toContain('may cost up to $5.01');
    expect(result.message).toContain('$0.0010 is left');
    const small = ask('m', { inputTokensEstimate: 10, maxOutputTokens: 40, maxCostUsd: 0.0009 });
    expect(policy.admit(key({ monthlyCostBudgetUsd: 0.01 }), small).ok).toBe(true);
  });

  it('reserves what requests in flight may use until they are released', () => {
    const { policy } = setup({ tokens: 0, costUsd: 0 });
    const budgeted = key({ monthlyCostBudgetUsd: 1, monthlyTokenBudget: 10_000 });
    const request = ask('m', { inputTokensEstimate: 1000, maxOutputTokens: 3000, maxCostUsd: 0.4 });
    const first = policy.admit(budgeted, request);
    const second = policy.admit(budgeted, request);
    if (!first.ok || !second.ok) throw new Error('expected admissions');
    expect(policy.reservedOf(budgeted.id)).toEqual({ tokens: 8000, costUsd: 0.8 });
    // A third would pass the token budget (12,000 > 10,000) while the first two may still use theirs.
    expect(refusal(policy.admit(budgeted, request)).message).toContain('2,000 are left');
    first.release();
    first.release();
    expect(policy.reservedOf(budgeted.id).tokens).toBe(4000);
    expect(policy.admit(budgeted, request).ok).toBe(true);
  });

  it('refuses a spent token budget until the next month (UTC)', () => {
    const { policy } = setup({ tokens: 1_000_000 });
    const result = refusal(policy.admit(key({ monthlyTokenBudget: 1_000_000 }), ask('m')));
    expect(result).toMatchObject({ status: 429, kind: 'rate_limit', code: 'insufficient_quota', retryAfterSeconds: (Date.parse('2025-07-01T00:00:00Z') - JUNE_15) / 1000 });
    expect(result.message).toBe('this key has used its monthly token budget of 1,000,000 tokens (1,000,000 used); it resets at 2025-07-01T00:00:00.000Z');
    expect(policy.admit(key({ monthlyTokenBudget: 1_000_001 }), ask('m')).ok).toBe(true);
  });

  it('refuses a spent cost budget, counting priced requests only', () => {
    const { policy } = setup({ costUsd: 25.004, unpricedRequests: 40 });
    expect(refusal(policy.admit(key({ monthlyCostBudgetUsd: 25 }), ask('m'))).message).toContain('monthly cost budget of $25.00 ($25.00 used');
    expect(policy.admit(key({ monthlyCostBudgetUsd: 25.01 }), ask('m')).ok).toBe(true);
  });

  it('limits requests per minute in a sliding window, with Retry-After until the oldest leaves it', () => {
    const { policy, clock } = setup();
    const limited = key({ rpmLimit: 2 });
    expect(policy.admit(limited, ask('m')).ok).toBe(true);
    clock.now += 20_000;
    expect(policy.admit(limited, ask('m')).ok).toBe(true);
    clock.now += 10_500;
    expect(refusal(policy.admit(limited, ask('m')))).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryAfterSeconds: 30 });
    // Refusals do not count: once the first request has left the window there is room again.
    clock.now += 29_500;
    expect(policy.admit(limited, ask('m')).ok).toBe(true);
    expect(refusal(policy.admit(limited, ask('m'))).retryAfterSeconds).toBe(20);
  });

  it('waits for enough requests to leave the window when the limit was lowered', () => {
    const { policy, clock } = setup();
    for (let second = 0; second < 5; second++) {
      expect(policy.admit(key({ rpmLimit: 10 }), ask('m')).ok).toBe(true);
      clock.now += 1000;
    }
    // Five in the window (at 0–4 s), limit now 2: four must leave for room, the fourth (at 3 s) leaves at 63 s.
    expect(refusal(policy.admit(key({ rpmLimit: 2 }), ask('m'))).retryAfterSeconds).toBe(58);
  });

  it('limits requests in flight; release is idempotent', () => {
    const { policy } = setup();
    const limited = key({ concurrencyLimit: 2 });
    const first = policy.admit(limited, ask('m'));
    const second = policy.admit(limited, ask('m'));
    if (!first.ok || !second.ok) throw new Error('expected admissions');
    expect(refusal(policy.admit(limited, ask('m')))).toMatchObject({ status: 429, code: 'concurrency_limit_exceeded', message: expect.stringContaining('2 requests in flight') });
    first.release();
    first.release();
    expect(policy.inFlightOf(limited.id)).toBe(1);
    const third = policy.admit(limited, ask('m'));
    expect(third.ok).toBe(true);
    expect(policy.admit(limited, ask('m')).ok).toBe(false);
    second.release();
    if (third.ok) third.release();
    expect(policy.inFlightOf(limited.id)).toBe(0);
  });

  it('checks in order: revoked before model, model before budget, budget before rate', () => {
    const { policy, asked } = setup({ tokens: 10 });
    const everything = key({ allowedModels: ['a'], monthlyTokenBudget: 10, rpmLimit: 1 });
    expect(refusal(policy.admit({ ...everything, revokedAt: 1 }, ask('b'))).code).toBe('key_revoked');
    expect(refusal(policy.admit(everything, ask('b'))).code).toBe('model_not_allowed');
    expect(asked).toEqual([]);
    expect(refusal(policy.admit(everything, ask('a'))).code).toBe('insufficient_quota');
  });
});
