import { describe, expect, it, vi } from 'vitest';
import * as genaiPrices from '@pydantic/genai-prices';
import { BUNDLED_PRICES, PriceCatalogView, type CatalogUsage } from './price-catalog.js';

vi.mock('@pydantic/genai-prices', async (original) => {
  const actual = await original<typeof genaiPrices>();
  return { ...actual, calcPrice: vi.fn(actual.calcPrice) };
});

const calcPrice = vi.mocked(genaiPrices.calcPrice);
const tokens = (input: number, output: number): CatalogUsage => ({ input_tokens: input, output_tokens: output, cache_read_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0 });

describe('PriceCatalogView', () => {
  it('searches the whole catalog for a model once; later pricings of it search only that model', () => {
    const view = new PriceCatalogView(BUNDLED_PRICES);
    const at = new Date();
    view.cost('claude-sonnet-4-5-20250929', tokens(1000, 100), at); // tiered: every cost is calcPrice's
    calcPrice.mockClear();
    const cost = view.cost('Claude-Sonnet-4-5-20250929 ', tokens(1000, 100), at);
    expect(cost).toBeGreaterThan(0);
    expect(calcPrice).toHaveBeenCalledTimes(1);
    expect(calcPrice.mock.calls[0]?.[2]?.provider?.models.map((model) => model.id)).toEqual(['claude-sonnet-4-5']);
  });

  it('remembers the model, not a price: the usage still chooses the long-context tier', () => {
    const view = new PriceCatalogView(BUNDLED_PRICES);
    const at = new Date();
    const short = view.cost('claude-sonnet-4-5-20250929', tokens(100_000, 0), at) as number;
    const long = view.cost('claude-sonnet-4-5-20250929', tokens(300_000, 0), at) as number;
    expect(long / 3).toBeGreaterThan(short * 1.5); // the long-context input rate is double the short one
  });

  it.each(['claude-opus-4-7', 'claude-haiku-4-5', 'claude-sonnet-4-6', 'gpt-5.1-codex', 'gpt-4o'])(
    'prices %s (one flat rate per kind) from its remembered rates: what calcPrice says, without calling it',
    (model) => {
      const view = new PriceCatalogView(BUNDLED_PRICES);
      const at = new Date();
      const usages: CatalogUsage[] = [
        tokens(1000, 100),
        { input_tokens: 180_000, output_tokens: 32_000, cache_read_tokens: 90_000, cache_write_tokens: 60_000, cache_write_1h_tokens: 20_000 },
        { input_tokens: 75_000, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 75_000, cache_write_1h_tokens: 75_000 },
      ];
      view.cost(model, usages[0]!, at);
      calcPrice.mockClear();
      const costs = usages.map((usage) => view.cost(model, usage, at));
      expect(calcPrice).not.toHaveBeenCalled();
      calcPrice.mockClear();
      usages.forEach((usage, i) => expect(costs[i]).toBeCloseTo(genaiPrices.calcPrice({ ...usage }, model, { timestamp: at })!.total_price, 12));
    },
  );

  it('prices a model by the price of the date asked: tiered before a dated flat price, flat after', () => {
    const view = new PriceCatalogView(BUNDLED_PRICES);
    const long = tokens(300_000, 1000);
    for (const at of [new Date('2026-03-13T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')]) {
      expect(view.cost('claude-sonnet-4-6', long, at)).toBeCloseTo(genaiPrices.calcPrice({ ...long }, 'claude-sonnet-4-6', { timestamp: at })!.total_price, 12);
    }
    expect(view.cost('claude-sonnet-4-6', long, new Date('2026-01-01'))).toBeGreaterThan(view.cost('claude-sonnet-4-6', long, new Date('2026-06-01'))!);
  });

  it('remembers an unpriced model as unpriced, without searching again', () => {
    const view = new PriceCatalogView(BUNDLED_PRICES);
    const at = new Date();
    expect(view.cost('no-such-model-anywhere', tokens(10, 10), at)).toBeNull();
    calcPrice.mockClear();
    expect(view.cost('no-such-model-anywhere', tokens(10, 10), at)).toBeNull();
    expect(calcPrice).not.toHaveBeenCalled();
  });
});
