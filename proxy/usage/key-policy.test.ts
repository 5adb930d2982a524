import { describe, expect, it } from 'vitest';
import { KeyPolicy, type Admission } from './key-policy.js';
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
    revokedAt: null,
    ...overrides,
  };
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
    expect(policy.admit(key(), 'claude-sonnet-4-5').ok).toBe(true);
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
    expect(refusal(policy.admit(limited, 'claude-opus-4-1'))).toMatchObject({
      status: 403,
      kind: 'permission',
      message: 'this key may not use the model "claude-opus-4-1"; it may use: claude-haiku-4-5, gpt-5-mini',
    });
    expect(policy.admit(limited, 'gpt-5-mini').ok).toBe(true);
    // Endpoints that name no model (the model list) are not model use.
    expect(policy.admit(limited, null).ok).toBe(true);
  });

  it('refuses a spent token budget until the next month (UTC)', () => {
    const { policy } = setup({ tokens: 1_000_000 });
    const result = refusal(policy.admit(key({ monthlyTokenBudget: 1_000_000 }), 'm'));
    expect(result).toMatchObject({ status: 429, kind: 'rate_limit', code: 'insufficient_quota', retryAfterSeconds: (Date.parse('2025-07-01T00:00:00Z') - JUNE_15) / 1000 });
    expect(result.message).toBe('this key has used its monthly token budget of 1,000,000 tokens (1,000,000 used); it resets at 2025-07-01T00:00:00.000Z');
    expect(policy.admit(key({ monthlyTokenBudget: 1_000_001 }), 'm').ok).toBe(true);
  });

  it('refuses a spent cost budget, counting priced requests only', () => {
    const { policy } = setup({ costUsd: 25.004, unpricedRequests: 40 });
    expect(refusal(policy.admit(key({ monthlyCostBudgetUsd: 25 }), 'm')).message).toContain('monthly cost budget of $25.00 ($25.00 used');
    expect(policy.admit(key({ monthlyCostBudgetUsd: 25.01 }), 'm').ok).toBe(true);
  });

  it('limits requests per minute in a sliding window, with Retry-After until the oldest leaves it', () => {
    const { policy, clock } = setup();
    const limited = key({ rpmLimit: 2 });
    expect(policy.admit(limited, 'm').ok).toBe(true);
    clock.now += 20_000;
    expect(policy.admit(limited, 'm').ok).toBe(true);
    clock.now += 10_500;
    expect(refusal(policy.admit(limited, 'm'))).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryAfterSeconds: 30 });
    // Refusals do not count: once the first request has left the window there is room again.
    clock.now += 29_500;
    expect(policy.admit(limited, 'm').ok).toBe(true);
    expect(refusal(policy.admit(limited, 'm')).retryAfterSeconds).toBe(20);
  });

  it('waits for enough requests to leave the window when the limit was lowered', () => {
    const { policy, clock } = setup();
    for (let second = 0; second < 5; second++) {
      expect(policy.admit(key({ rpmLimit: 10 }), 'm').ok).toBe(true);
      clock.now += 1000;
    }
    // Five in the window (at 0–4 s), limit now 2: four must leave for room, the fourth (at 3 s) leaves at 63 s.
    expect(refusal(policy.admit(key({ rpmLimit: 2 }), 'm')).retryAfterSeconds).toBe(58);
  });

  it('limits requests in flight; release is idempotent', () => {
    const { policy } = setup();
    const limited = key({ concurrencyLimit: 2 });
    const first = policy.admit(limited, 'm');
    const second = policy.admit(limited, 'm');
    if (!first.ok || !second.ok) throw new Error('expected admissions');
    expect(refusal(policy.admit(limited, 'm'))).toMatchObject({ status: 429, code: 'concurrency_limit_exceeded', message: expect.stringContaining('2 requests in flight') });
    first.release();
    first.release();
    expect(policy.inFlightOf(limited.id)).toBe(1);
    const third = policy.admit(limited, 'm');
    expect(third.ok).toBe(true);
    expect(policy.admit(limited, 'm').ok).toBe(false);
    second.release();
    if (third.ok) third.release();
    expect(policy.inFlightOf(limited.id)).toBe(0);
  });

  it('checks in order: revoked before model, model before budget, budget before rate', () => {
    const { policy, asked } = setup({ tokens: 10 });
    const everything = key({ allowedModels: ['a'], monthlyTokenBudget: 10, rpmLimit: 1 });
    expect(refusal(policy.admit({ ...everything, revokedAt: 1 }, 'b')).code).toBe('key_revoked');
    expect(refusal(policy.admit(everything, 'b')).code).toBe('model_not_allowed');
    expect(asked).toEqual([]);
    expect(refusal(policy.admit(everything, 'a')).code).toBe('insufficient_quota');
  });
});
