import { describe, expect, it } from 'vitest';
import type { Target } from '../../providers/provider.js';
import { ModelRouter } from '../../router/model-router.js';
import { routingConfigSchema } from '../../router/routing-config.js';
import { createPricing, pricingConfigSchema } from '../../usage/pricing.js';
import { quoteRequest } from './request-quote.js';

/** A target that serves every name as `<upstream>`; what a budget needs of it besides. */
function target(id: string, upstream: string, defaultMaxOutputTokens = 1000): Target {
  return { id, resolveModel: () => upstream, models: () => [], addedInputTokens: 0, defaultMaxOutputTokens } as unknown as Target;
}

const pricing = createPricing(
  pricingConfigSchema.parse({
    'cheap-model': { input: 1, output: 1, 'cache-write': 1, 'cache-write-1h': 1 },
    'dear-model': { input: 10, output: 10, 'cache-write': 10, 'cache-write-1h': 10 },
  }),
);
const first = target('first', 'cheap-model');
const fallback = target('fallback', 'dear-model', 4000);
const local = target('local', 'unpriced-model');
const router = (chain: string[]) => new ModelRouter([first, fallback, local], routingConfigSchema.parse({ models: { asked: chain } }));
const body = { model: 'asked', messages: [] };

describe('quoteRequest', () => {
  it("reserves the dearest model of the fallback chain, not the first target's", () => {
    const quote = quoteRequest('/v1/chat/completions', body, 3000, { router: router(['first', 'fallback']), pricing });
    // 1,000 input tokens (3,000 bytes) as 1-hour cache writes and the fallback's 4,000 output tokens at $10 a million.
    expect(quote).toEqual({ model: 'asked', resolvedModel: 'cheap-model', quotedModel: 'dear-model', inputTokensEstimate: 1000, maxOutputTokens: 4000, maxCostUsd: 0.05 });
  });

  it("prices a pinned key's target alone", () => {
    const quote = quoteRequest('/v1/chat/completions', body, 3000, { router: router(['first', 'fallback']), pricing }, { onlyTarget: 'first' });
    expect(quote).toMatchObject({ quotedModel: 'cheap-model', maxOutputTokens: 1000, maxCostUsd: 0.002 });
  });

  it('has no cost to quote when the chain may reach a model without a price', () => {
    const quote = quoteRequest('/v1/chat/completions', body, 3000, { router: router(['first', 'local']), pricing });
    expect(quote).toMatchObject({ resolvedModel: 'cheap-model', quotedModel: 'unpriced-model', maxCostUsd: null });
  });
});
