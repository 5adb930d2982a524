import { z } from 'zod';
import type { UsageEvent } from './types.js';

/**
 * API-equivalent prices, USD per million tokens (docs/PROTOCOLS.md §4). On a subscription nothing is billed per
 * token: the cost we show is what the same traffic would cost on the pay-as-you-go API, labelled as such.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  /** Anthropic's 5-minute cache write (the default TTL); 1-hour writes cost more and are not told apart. */
  cacheWrite: number;
  /** The price holds only up to this prompt size; a larger prompt is unpriced (the table gives no price for it). */
  maxPromptTokens?: number;
}

/** The token counts a cost is computed from. inputTokens EXCLUDES cache reads and writes (Anthropic's convention). */
export type TokenCounts = Pick<UsageEvent, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>;

interface PriceRow {
  /** Exact model ids. A dated id (claude-sonnet-4-5-20250929, gpt-5-2025-08-07) matches its undated form. */
  ids: readonly string[];
  price: ModelPrice;
}

/** For the OpenAI rows the table has no cache-write price: writing the cache costs as plain input there. */
function openAi(input: number, cacheRead: number, output: number, maxPromptTokens?: number): ModelPrice {
  return { input, output, cacheRead, cacheWrite: input, ...(maxPromptTokens === undefined ? {} : { maxPromptTokens }) };
}

/** docs/PROTOCOLS.md §4, row by row. Only the ids listed here are priced: a newer model is unpriced, never guessed. */
export const BUILT_IN_PRICES: readonly PriceRow[] = [
  { ids: ['claude-opus-4-5', 'claude-opus-4-6', 'claude-opus-4-7'], price: { input: 5, cacheWrite: 6.25, cacheRead: 0.5, output: 25 } },
  {
    ids: ['claude-sonnet-4', 'claude-sonnet-4-0', 'claude-sonnet-4-5', 'claude-sonnet-4-6'],
    price: { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  },
  { ids: ['claude-haiku-4-5'], price: { input: 1, cacheWrite: 1.25, cacheRead: 0.1, output: 5 } },
  { ids: ['gpt-5', 'gpt-5.1', 'gpt-5-codex'], price: openAi(1.25, 0.125, 10) },
  { ids: ['gpt-5.2', 'gpt-5.2-codex', 'gpt-5.3-codex'], price: openAi(1.75, 0.175, 14) },
  // The table prices gpt-5.4 and gpt-5.5 only for prompts up to 272K tokens; longer prompts cost more upstream.
  { ids: ['gpt-5.4'], price: openAi(2.5, 0.25, 15, 272_000) },
  { ids: ['gpt-5.4-mini'], price: openAi(0.75, 0.075, 4.5) },
  { ids: ['gpt-5.5'], price: openAi(5, 0.5, 30, 272_000) },
];

const usdPerMillion = z.number().finite().nonnegative();

/**
 * The config file's `pricing:` key: model id (or a prefix ending in "*") → USD per million tokens. Overrides win over
 * the built-in table. An omitted cache price costs as plain input: no discount is assumed that was not written.
 */
export const pricingConfigSchema = z
  .record(
    z.string().regex(/^[^*\s]+\*?$/, 'must be a model id, or a prefix ending in "*" (e.g. "claude-opus-5*")'),
    z.strictObject({
      input: usdPerMillion,
      output: usdPerMillion,
      'cache-read': usdPerMillion.optional(),
      'cache-write': usdPerMillion.optional(),
    }),
  )
  .default({});

export type PricingOverrides = z.output<typeof pricingConfigSchema>;

export interface Pricing {
  /** The price used for a served model, or null when it has none. */
  priceOf(modelServed: string): ModelPrice | null;
  /** API-equivalent cost in USD; null when tokens were used on a model without a price (unpriced, never 0). */
  costOf(modelServed: string | null, usage: TokenCounts): number | null;
}

/** Lower case, and without a release date suffix: Anthropic's -YYYYMMDD or OpenAI's -YYYY-MM-DD. */
function baseId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '');
}

function fromOverride(value: PricingOverrides[string]): ModelPrice {
  return {
    input: value.input,
    output: value.output,
    cacheRead: value['cache-read'] ?? value.input,
    cacheWrite: value['cache-write'] ?? value.input,
  };
}

/** The built-in table with the config's overrides on top: an exact id first, then the longest matching prefix. */
export function createPricing(overrides: PricingOverrides = {}): Pricing {
  const exact = new Map<string, ModelPrice>();
  for (const row of BUILT_IN_PRICES) for (const id of row.ids) exact.set(id, row.price);
  const overrideExact = new Map<string, ModelPrice>();
  const prefixes: { prefix: string; price: ModelPrice }[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (key.endsWith('*')) prefixes.push({ prefix: key.slice(0, -1).toLowerCase(), price: fromOverride(value) });
    else overrideExact.set(baseId(key), fromOverride(value));
  }
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);

  const priceOf = (modelServed: string): ModelPrice | null => {
    const id = baseId(modelServed);
    const lower = modelServed.trim().toLowerCase();
    return overrideExact.get(id) ?? prefixes.find((entry) => lower.startsWith(entry.prefix))?.price ?? exact.get(id) ?? null;
  };

  return {
    priceOf,
    costOf(modelServed, usage) {
      const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens } = usage;
      // Nothing used costs nothing, whatever the price: a request that failed before any token (e.g. before a
      // model was chosen) is not "unpriced".
      if (inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens === 0) return 0;
      const price = modelServed === null ? null : priceOf(modelServed);
      if (!price) return null;
      if (price.maxPromptTokens !== undefined && inputTokens + cacheReadTokens + cacheWriteTokens > price.maxPromptTokens) return null;
      return (
        (inputTokens * price.input + cacheWriteTokens * price.cacheWrite + cacheReadTokens * price.cacheRead + outputTokens * price.output) /
        1_000_000
      );
    },
  };
}
