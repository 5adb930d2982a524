import { describe, expect, it } from 'vitest';
import { GENAI_PRICES_VERSION, type CatalogProvider, type PriceDataset } from './price-catalog.js';
import { createPricing, pricingConfigSchema, type TokenCounts } from './pricing.js';

/** 100K tokens of one kind (under every long-context tier). */
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

describe('prices from the catalog (@pydantic/genai-prices)', () => {
  it.each([
    ['claude-opus-4-7', [5, 6.25, 0.5, 25]],
    ['claude-opus-4-5-20251101', [5, 6.25, 0.5, 25]],
    ['claude-sonnet-4-5-20250929', [3, 3.75, 0.3, 15]],
    ['claude-sonnet-4-6', [3, 3.75, 0.3, 15]],
    ['claude-haiku-4-5-20251001', [1, 1.25, 0.1, 5]],
    ['CLAUDE-HAIKU-4-5', [1, 1.25, 0.1, 5]],
  ])('%s → %j per million (input, cache write, cache read, output)', (model, expected) => {
    const got = rates(model);
    expected.forEach((value, i) => expect(got[i]).toBeCloseTo(value, 10));
  });

  it('prices the current generation, which a hand-written table did not know: Claude Code’s default model included', () => {
    for (const model of ['claude-opus-5-5', 'claude-opus-5', 'claude-sonnet-5', 'gpt-5.6-sol']) {
      expect(createPricing().priceOf(model), model).not.toBeNull();
      expect(createPricing().costOf(model, some('outputTokens')), model).toBeGreaterThan(0);
    }
    expect(createPricing().priceOf('claude-opus-5-5')).toMatchObject({ source: { kind: 'catalog', modelId: 'claude-opus-5-5' } });
  });

  it.each(['claude-no-such-model-9', 'composer-1', 'mystery'])('never guesses a price for %s', (model) => {
    expect(createPricing().priceOf(model)).toBeNull();
    expect(createPricing().costOf(model, some('inputTokens'))).toBeNull();
  });

  it('adds the kinds of tokens, input excluding the cache ones', () => {
    const cost = createPricing().costOf('claude-opus-4-7', { inputTokens: 1000, cacheWriteTokens: 2000, cacheReadTokens: 100_000, outputTokens: 3000 });
    expect(cost).toBeCloseTo((1000 * 5 + 2000 * 6.25 + 100_000 * 0.5 + 3000 * 25) / 1e6, 12);
  });

  it('prices 1-hour cache writes at their own rate, not the 5-minute one', () => {
    const pricing = createPricing();
    const price = pricing.priceOf('claude-opus-4-7')!;
    expect(price.cacheWrite1h).toBeGreaterThan(price.cacheWrite);
    const fiveMinutes = pricing.costOf('claude-opus-4-7', { ...some('cacheWriteTokens') })!;
    const oneHour = pricing.costOf('claude-opus-4-7', { ...some('cacheWriteTokens'), cacheWrite1hTokens: 100_000 })!;
    const mixed = pricing.costOf('claude-opus-4-7', { ...some('cacheWriteTokens'), cacheWrite1hTokens: 40_000 })!;
    expect(fiveMinutes).toBeCloseTo((100_000 * price.cacheWrite) / 1e6, 12);
    expect(oneHour).toBeCloseTo((100_000 * price.cacheWrite1h) / 1e6, 12);
    expect(mixed).toBeCloseTo((60_000 * price.cacheWrite + 40_000 * price.cacheWrite1h) / 1e6, 12);
  });

  it('charges a long prompt at the long-context rate where the catalog has one', () => {
    const pricing = createPricing();
    const short = pricing.costOf('gpt-5.6-sol', { inputTokens: 200_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })!;
    const long = pricing.costOf('gpt-5.6-sol', { inputTokens: 400_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })!;
    expect(long / 400_000).toBeGreaterThan(short / 200_000);
  });

  it('costs nothing when no token was used, priced or not', () => {
    const none = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(createPricing().costOf(null, none)).toBe(0);
    expect(createPricing().costOf('mystery', none)).toBe(0);
    expect(createPricing().costOf(null, some('outputTokens'))).toBeNull();
  });

  it('says where its data comes from, and switches to newer data', () => {
    const pricing = createPricing();
    expect(pricing.dataInfo()).toEqual({ kind: 'bundled', packageVersion: GENAI_PRICES_VERSION, url: null, fetchedAt: null });
    const anthropic: CatalogProvider = {
      id: 'anthropic',
      name: 'Anthropic',
      api_pattern: 'https://api\\.anthropic\\.com',
      model_match: { starts_with: 'claude' },
      models: [{ id: 'claude-opus-6', match: { equals: 'claude-opus-6' }, prices: { input_mtok: 7, output_mtok: 35 } }],
    };
    const downloaded: PriceDataset = {
      providers: [anthropic],
      info: { kind: 'downloaded', packageVersion: GENAI_PRICES_VERSION, url: 'http://prices.test/data.json', fetchedAt: '2026-12-06T00:00:00.000Z' },
    };
    pricing.useDataset(downloaded);
    expect(pricing.dataInfo()).toBe(downloaded.info);
    expect(rates('claude-opus-6', pricing)).toEqual([7, 7, 7, 35]);
    expect(pricing.priceOf('claude-opus-4-7')).toBeNull(); // only what the new data knows
  });
});

describe('price overrides', () => {
  it('win over the catalog, by exact id (dated forms included) and then by the longest prefix', () => {
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
    expect(pricing.priceOf('claude-opus-5-1')?.source).toEqual({ kind: 'override', key: 'claude-opus-5*' });
  });

  it('price 1-hour writes as written, else as the 5-minute write', () => {
    const pricing = createPricing(
      pricingConfigSchema.parse({ a: { input: 1, output: 2, 'cache-write': 3, 'cache-write-1h': 4 }, b: { input: 1, output: 2, 'cache-write': 3 } }),
    );
    const oneHour = { ...some('cacheWriteTokens'), cacheWrite1hTokens: 100_000 };
    expect(pricing.costOf('a', oneHour)).toBeCloseTo(0.4, 12);
    expect(pricing.costOf('b', oneHour)).toBeCloseTo(0.3, 12);
  });

  it('are validated by the config schema', () => {
    expect(pricingConfigSchema.parse(undefined)).toEqual({});
    expect(pricingConfigSchema.safeParse({ 'a*b': { input: 1, output: 1 } }).success).toBe(false);
    expect(pricingConfigSchema.safeParse({ model: { input: -1, output: 1 } }).success).toBe(false);
    expect(pricingConfigSchema.safeParse({ model: { input: 1, output: 1, cache: 1 } }).success).toBe(false);
    expect(pricingConfigSchema.safeParse({ model: { input: 1 } }).success).toBe(false);
  });
});
