import { z } from 'zod';
import { canonicalModelId } from '../models/listed-model.js';
import { BUNDLED_PRICES, PriceCatalogView, type PriceDataInfo, type PriceDataset } from './price-catalog.js';
import type { UsageEvent } from './types.js';

/**
 * API-equivalent prices, USD per million tokens, from a maintained catalog (@pydantic/genai-prices: bundled data,
 * refreshed at run time by price-data-refresh.ts) with the config's `pricing:` overrides on top. On a subscription
 * nothing is billed per token: the cost we show is what the same traffic would cost on the pay-as-you-go API,
 * labelled as such.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  /** A cache write with the default 5-minute lifetime. */
  cacheWrite: number;
  /** A cache write with the 1-hour lifetime (Anthropic charges these at their own, higher rate). */
  cacheWrite1h: number;
  /** Where the price comes from: the config's `pricing:` (the key that matched) or the catalog (its model id). */
  source: { kind: 'override'; key: string } | { kind: 'catalog'; modelId: string };
}

/**
 * The token counts a cost is computed from. inputTokens EXCLUDES cache reads and writes (Anthropic's convention);
 * cacheWrite1hTokens is the part of cacheWriteTokens written with the 1-hour lifetime.
 */
export type TokenCounts = Pick<UsageEvent, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'> & { cacheWrite1hTokens?: number };

const usdPerMillion = z.number().finite().nonnegative();

/**
 * The config file's `pricing:` key: model id (or a prefix ending in "*") → USD per million tokens. Overrides win over
 * the catalog. An omitted cache price costs as plain input (the 1-hour write as the 5-minute one): no discount is
 * assumed that was not written.
 */
export const pricingConfigSchema = z
  .record(
    z.string().regex(/^[^*\s]+\*?$/, 'must be a model id, or a prefix ending in "*" (e.g. "claude-opus-5*")'),
    z.strictObject({
      input: usdPerMillion,
      output: usdPerMillion,
      'cache-read': usdPerMillion.optional(),
      'cache-write': usdPerMillion.optional(),
      'cache-write-1h': usdPerMillion.optional(),
    }),
  )
  .default({});

export type PricingOverrides = z.output<typeof pricingConfigSchema>;

export interface Pricing {
  /** The price used for a served model, or null when it has none (unpriced). */
  priceOf(modelServed: string): ModelPrice | null;
  /** API-equivalent cost in USD; null when tokens were used on a model without a price (unpriced, never 0). */
  costOf(modelServed: string | null, usage: TokenCounts): number | null;
  /** Where the catalog's prices come from now. */
  dataInfo(): PriceDataInfo;
  /** Switches to newer catalog data (a refresh); overrides stay. */
  useDataset(dataset: PriceDataset): void;
  /** Switches to other overrides (the config file changed); the catalog stays. */
  useOverrides(overrides: PricingOverrides): void;
}


function fromOverride(key: string, value: PricingOverrides[string]): ModelPrice {
  const cacheWrite = value['cache-write'] ?? value.input;
  return {
    input: value.input,
    output: value.output,
    cacheRead: value['cache-read'] ?? value.input,
    cacheWrite,
    cacheWrite1h: value['cache-write-1h'] ?? cacheWrite,
    source: { kind: 'override', key },
  };
}

/** To a ten-billionth of a dollar: what a sum of float products gives (0.010499999999999999) reads as written (0.0105). */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

function flatCost(price: ModelPrice, usage: TokenCounts): number {
  const longWrites = Math.min(usage.cacheWrite1hTokens ?? 0, usage.cacheWriteTokens);
  return (
    (usage.inputTokens * price.input +
      (usage.cacheWriteTokens - longWrites) * price.cacheWrite +
      longWrites * price.cacheWrite1h +
      usage.cacheReadTokens * price.cacheRead +
      usage.outputTokens * price.output) /
    1_000_000
  );
}

/**
 * Prices from the catalog with the config's overrides on top: an exact override id first (dated forms included),
 * then the longest matching override prefix, then the catalog (which knows dated ids and long-context tiers).
 */
export function createPricing(overrides: PricingOverrides = {}, dataset: PriceDataset = BUNDLED_PRICES, now: () => number = Date.now): Pricing {
  let catalog = new PriceCatalogView(dataset);
  let overrideExact = new Map<string, ModelPrice>();
  let prefixes: { prefix: string; price: ModelPrice }[] = [];
  const useOverrides = (next: PricingOverrides): void => {
    overrideExact = new Map();
    prefixes = [];
    for (const [key, value] of Object.entries(next)) {
      if (key.endsWith('*')) prefixes.push({ prefix: key.slice(0, -1).toLowerCase(), price: fromOverride(key, value) });
      else overrideExact.set(canonicalModelId(key), fromOverride(key, value));
    }
    prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  };
  useOverrides(overrides);

  const overrideOf = (model: string): ModelPrice | null => {
    const lower = model.trim().toLowerCase();
    return overrideExact.get(canonicalModelId(model)) ?? prefixes.find((entry) => lower.startsWith(entry.prefix))?.price ?? null;
  };

  return {
    priceOf(modelServed) {
      const override = overrideOf(modelServed);
      if (override) return override;
      const price = catalog.price(modelServed, new Date(now()));
      return price && { ...price, source: { kind: 'catalog', modelId: price.modelId } };
    },
    costOf(modelServed, usage) {
      const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens } = usage;
      // Nothing used costs nothing, whatever the price: a request that failed before any token (e.g. before a
      // model was chosen) is not "unpriced".
      if (inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens === 0) return 0;
      if (modelServed === null) return null;
      const override = overrideOf(modelServed);
      if (override) return roundUsd(flatCost(override, usage));
      const cost = catalog.cost(
        modelServed,
        {
          input_tokens: inputTokens + cacheReadTokens + cacheWriteTokens,
          output_tokens: outputTokens,
          cache_read_tokens: cacheReadTokens,
          cache_write_tokens: cacheWriteTokens,
          cache_write_1h_tokens: Math.min(usage.cacheWrite1hTokens ?? 0, cacheWriteTokens),
        },
        new Date(now()),
      );
      return cost === null ? null : roundUsd(cost);
    },
    dataInfo: () => catalog.dataset.info,
    useDataset(next) {
      catalog = new PriceCatalogView(next);
    },
    useOverrides,
  };
}
