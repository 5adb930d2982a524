import { describe, expect, it } from 'vitest';
import { createPricing, pricingConfigSchema, type TokenCounts } from './pricing.js';

/** 100K tokens of one kind (under every prompt-size limit of the table). */
const some = (kind: keyof TokenCounts): TokenCounts => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  [kind]: 100_000,
});

/** [input, cache write, cache read, output] per million for a model id, as costOf computes them. */
function rates(model: string, pricing = createPricing()): (number | null)[] {
  return (['inputTokens', 'cacheWriteTokens', 'cacheReadTokens', 'outputTokens'] as const).map((kind) => {
    const cost = pricing.costOf(model, some(kind));
    return cost === null ? null : Math.round(cost * 10 * 1e9) / 1e9;
  });
}

describe('built-in prices (PROTOCOLS.md §4)', () => {
  it.each([
    ['claude-opus-4-5', [5, 6.25, 0.5, 25]],
    ['claude-opus-4-5-20251101', [5, 6.25, 0.5, 25]],
    ['claude-opus-4-6', [5, 6.25, 0.5, 25]],
    ['claude-opus-4-7', [5, 6.25, 0.5, 25]],
    ['claude-sonnet-4-20250514', [3, 3.75, 0.3, 15]],
    ['claude-sonnet-4-0', [3, 3.75, 0.3, 15]],
    ['claude-sonnet-4-5-20250929', [3, 3.75, 0.3, 15]],
    ['claude-sonnet-4-6', [3, 3.75, 0.3, 15]],
    ['claude-haiku-4-5-20251001', [1, 1.25, 0.1, 5]],
    ['gpt-5', [1.25, 1.25, 0.125, 10]],
    ['gpt-5-2025-08-07', [1.25, 1.25, 0.125, 10]],
    ['gpt-5.1', [1.25, 1.25, 0.125, 10]],
    ['gpt-5-codex', [1.25, 1.25, 0.125, 10]],
    ['gpt-5.2', [1.75, 1.75, 0.175, 14]],
    ['gpt-5.2-codex', [1.75, 1.75, 0.175, 14]],
    ['gpt-5.3-codex', [1.75, 1.75, 0.175, 14]],
    ['gpt-5.4', [2.5, 2.5, 0.25, 15]],
    ['gpt-5.4-mini', [0.75, 0.75, 0.075, 4.5]],
    ['gpt-5.5', [5, 5, 0.5, 30]],
    ['GPT-5.5', [5, 5, 0.5, 30]],
  ])('%s → %j per million (input, cache write, cache read, output)', (model, expected) => {
    const got = rates(model);
    expected.forEach((value, i) => expect(got[i]).toBeCloseTo(value, 10));
  });

  it.each(['claude-opus-5-5', 'claude-opus-4', 'claude-opus-4-1', 'claude-sonnet-4-7', 'claude-3-5-sonnet-20241022', 'gpt-5-mini', 'gpt-5.1-codex-max', 'gpt-5.45', 'composer-1'])(
    'never guesses a price for %s',
    (model) => {
      expect(createPricing().priceOf(model)).toBeNull();
      expect(createPricing().costOf(model, some('inputTokens'))).toBeNull();
    },
  );

  it('adds the four kinds of tokens, input excluding the cache ones', () => {
    const cost = createPricing().costOf('claude-opus-4-7', { inputTokens: 1000, cacheWriteTokens: 2000, cacheReadTokens: 100_000, outputTokens: 3000 });
    expect(cost).toBeCloseTo((1000 * 5 + 2000 * 6.25 + 100_000 * 0.5 + 3000 * 25) / 1e6, 12);
  });

  it('leaves a prompt beyond the table’s 272K limit unpriced', () => {
    const pricing = createPricing();
    expect(pricing.costOf('gpt-5.4', { inputTokens: 2000, cacheReadTokens: 270_000, cacheWriteTokens: 0, outputTokens: 10 })).not.toBeNull();
    expect(pricing.costOf('gpt-5.4', { inputTokens: 3000, cacheReadTokens: 270_000, cacheWriteTokens: 0, outputTokens: 10 })).toBeNull();
  });

  it('costs nothing when no token was used, priced or not', () => {
    const none = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(createPricing().costOf(null, none)).toBe(0);
    expect(createPricing().costOf('mystery', none)).toBe(0);
    expect(createPricing().costOf(null, some('outputTokens'))).toBeNull();
  });
});

describe('price overrides', () => {
  it('win over the table, by exact id (dated forms included) and then by the longest prefix', () => {
    const overrides = pricingConfigSchema.parse({
      'claude-opus-4-7': { input: 10, output: 50, 'cache-read': 1, 'cache-write': 12.5 },
      'claude-opus-5*': { input: 20, output: 100 },
      'claude-opus-5-5*': { input: 30, output: 150 },
    });
    const pricing = createPricing(overrides);
    expect(rates('claude-opus-4-7-20260101', pricing)).toEqual([10, 12.5, 1, 50]);
    // An omitted cache price costs as plain input.
    expect(rates('claude-opus-5-1', pricing)).toEqual([20, 20, 20, 100]);
    expect(rates('claude-opus-5-5-20270101', pricing)).toEqual([30, 30, 30, 150]);
    expect(rates('claude-sonnet-4-6', pricing)).toEqual([3, 3.75, 0.3, 15]);
  });

  it('are validated by the config schema', () => {
    expect(pricingConfigSchema.parse(undefined)).toEqual({});
    expect(pricingConfigSchema.safeParse({ 'a*b': { input: 1, output: 1 } }).success).toBe(false);
    expect(pricingConfigSchema.safeParse({ model: { input: -1, output: 1 } }).success).toBe(false);
    expect(pricingConfigSchema.safeParse({ model: { input: 1, output: 1, cache: 1 } }).success).toBe(false);
    expect(pricingConfigSchema.safeParse({ model: { input: 1 } }).success).toBe(false);
  });
});
