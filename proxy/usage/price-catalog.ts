import { calcPrice, type ConditionalPrice, type MatchLogic, type ModelInfo, type ModelPrice, type Provider as CatalogProvider } from '@pydantic/genai-prices';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type { CatalogProvider };

/** Where the prices in use come from: the data bundled with the package, or a newer copy downloaded since. */
export interface PriceDataInfo {
  kind: 'bundled' | 'downloaded';
  /** The @pydantic/genai-prices version whose calculator (and, when bundled, data) is in use. */
  packageVersion: string;
  /** Where the downloaded data came from; null when bundled. */
  url: string | null;
  /** When the downloaded data was fetched (ISO 8601); null when bundled. */
  fetchedAt: string | null;
}

/**
 * A price catalog: every provider's models and prices in the @pydantic/genai-prices format, and where it came from.
 * `providers` null: the data bundled with the package (maintained by Pydantic, updated with every release), which
 * the package's calculator uses by itself; we never install its global updater, so that stays the bundled data.
 */
export interface PriceDataset {
  providers: readonly CatalogProvider[] | null;
  info: PriceDataInfo;
}

/** The installed package's version (its package.json is not among its exports, so it is read beside its entry). */
export const GENAI_PRICES_VERSION: string = (() => {
  const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
})();

export const BUNDLED_PRICES: PriceDataset = {
  providers: null,
  info: { kind: 'bundled', packageVersion: GENAI_PRICES_VERSION, url: null, fetchedAt: null },
};

/** The package's own match rules (lower-case comparisons, regex as written), for choosing a provider by model id. */
function matches(logic: MatchLogic, text: string): boolean {
  if ('or' in logic) return logic.or.some((part) => matches(part, text));
  if ('and' in logic) return logic.and.every((part) => matches(part, text));
  const lower = text.toLowerCase();
  if ('equals' in logic) return lower === logic.equals.toLowerCase();
  if ('starts_with' in logic) return lower.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return lower.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return lower.includes(logic.contains.toLowerCase());
  return new RegExp(logic.regex).test(text);
}

/** Token counts as the catalog wants them: input INCLUDES the cache reads and writes, 1-hour writes are part of the writes. */
export interface CatalogUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
}

/** The flat per-million prices of a catalog model (its base tier), for display and estimates. */
export interface CatalogPrice {
  modelId: string;
  providerId: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

/** USD per token of each kind, and per request: a model whose price is one flat rate per kind, at any date. */
interface FlatRates {
  request: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

/**
 * What the memo knows of a model id: its provider narrowed to its model, and, per price of the model (a model can
 * have several, from successive dates), its flat rates, or null when that price is not flat.
 */
interface PricedModel {
  provider: CatalogProvider;
  prices: ModelInfo['prices'];
  rates: Map<number, FlatRates | null>;
}

/**
 * Prices from one dataset: the provider is chosen by its model rules (as the package does), the model by its own.
 * calcPrice costs ~25 µs (every provider's rules, then every model's, some of them regexes, then checks of the
 * price's units on every call), and a request is priced twice: quoted for its key's budget, then recorded. So the
 * first pricing of a model id remembers its provider narrowed to that one model and, when its price is one flat rate
 * per kind of token (no long-context tiers, no time-of-day prices; a dated price per date), those rates: its later
 * costs are a sum of products. Any other price is still computed by calcPrice, on the narrowed provider, at the usage and date given.
 */
export class PriceCatalogView {
  /** Per model id seen (trimmed, lower-case); null when unpriced. */
  private readonly models = new Map<string, PricedModel | null>();
  /** Model ids come from clients, so the memo is bounded. */
  private static readonly MEMO_LIMIT = 1000;

  constructor(readonly dataset: PriceDataset) {}

  /** USD for this usage, or null when the catalog has no price for the model. */
  cost(model: string, usage: CatalogUsage, at: Date): number | null {
    const priced = this.pricedModel(model);
    if (priced === null) return null;
    const rates = ratesAt(model, priced, at);
    if (rates) return flatCost(rates, usage);
    try {
      return calcPrice({ ...usage }, model, { provider: priced.provider, timestamp: at })?.total_price ?? null;
    } catch {
      return null; // usage the catalog cannot split (never sent by us): unpriced rather than a guess
    }
  }

  /**
   * The model's per-million prices at `at` for a short prompt (long-context tiers start far above the probe), by
   * pricing a thousand tokens of each kind; null when unpriced.
   */
  price(model: string, at: Date): CatalogPrice | null {
    const provider = this.pricedModel(model)?.provider;
    if (!provider) return null;
    const probe = 1000;
    const perMillion = (usage: Partial<CatalogUsage>) => {
      const total = calcPrice({ input_tokens: 0, output_tokens: 0, ...usage }, model, { provider, timestamp: at })?.total_price ?? 0;
      return Math.round(total * (1_000_000 / probe) * 1e6) / 1e6;
    };
    const base = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { provider, timestamp: at });
    if (!base) return null;
    return {
      modelId: base.model.id,
      providerId: base.provider.id,
      input: perMillion({ input_tokens: probe }),
      output: perMillion({ output_tokens: probe }),
      cacheRead: perMillion({ input_tokens: probe, cache_read_tokens: probe }),
      cacheWrite: perMillion({ input_tokens: probe, cache_write_tokens: probe }),
      cacheWrite1h: perMillion({ input_tokens: probe, cache_write_tokens: probe, cache_write_1h_tokens: probe }),
    };
  }

  private pricedModel(model: string): PricedModel | null {
    const key = model.trim().toLowerCase();
    let priced = this.models.get(key);
    if (priced === undefined) {
      priced = this.findModel(model);
      if (this.models.size >= PriceCatalogView.MEMO_LIMIT) this.models.clear();
      this.models.set(key, priced);
    }
    return priced;
  }

  /** The full search, as the package does it (its own rules, date-suffix forms and fallback providers included). */
  private findModel(model: string): PricedModel | null {
    const providers = this.dataset.providers;
    // With the bundled data the package chooses the provider itself; with downloaded data we choose it by its rules.
    const provider = providers === null ? undefined : (providers.find((candidate) => candidate.model_match && matches(candidate.model_match, model.trim().toLowerCase())) ?? null);
    if (provider === null) return null;
    let found;
    try {
      found = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, provider ? { provider } : {});
    } catch {
      return null;
    }
    if (!found) return null;
    return { provider: { ...found.provider, models: [found.model] }, prices: found.model.prices, rates: new Map() };
  }
}

/** The flat rates of the model's price at `at`, taken once per price; null when that price is not flat. */
function ratesAt(model: string, priced: PricedModel, at: Date): FlatRates | null {
  const active = activePrice(priced.prices, at);
  if (active === null) return null;
  let rates = priced.rates.get(active.index);
  if (rates === undefined) {
    const flat = Object.values(active.price).every((rate) => rate === undefined || typeof rate === 'number'); // no tiers
    rates = flat ? flatRates(model, priced.provider, at) : null;
    priced.rates.set(active.index, rates);
  }
  return rates;
}

/**
 * The price in force at `at`, chosen as the package does (the last one whose start date has come); null when a
 * time-of-day price is in the way (left to calcPrice).
 */
function activePrice(prices: ModelInfo['prices'], at: Date): { index: number; price: ModelPrice } | null {
  if (!Array.isArray(prices)) return { index: 0, price: prices };
  for (let index = prices.length - 1; index >= 0; index--) {
    const { constraint, prices: price } = prices[index] as ConditionalPrice;
    if (constraint === undefined) return { index, price };
    if (constraint.type !== 'start_date') return null;
    if (at >= new Date(constraint.start_date)) return { index, price };
  }
  return prices.length > 0 ? { index: 0, price: (prices[0] as ConditionalPrice).prices } : null;
}

/**
 * A flat price's rates, from the package's own calculator (so its rules of which tokens count as what stay its own):
 * a million tokens of each kind, less the cost of nothing (a price per request).
 */
function flatRates(model: string, provider: CatalogProvider, at: Date): FlatRates {
  const million = 1_000_000;
  const cost = (usage: Partial<CatalogUsage>) => calcPrice({ input_tokens: 0, output_tokens: 0, ...usage }, model, { provider, timestamp: at })?.total_price ?? 0;
  const request = cost({});
  const per = (usage: Partial<CatalogUsage>) => (cost(usage) - request) / million;
  return {
    request,
    input: per({ input_tokens: million }),
    output: per({ output_tokens: million }),
    cacheRead: per({ input_tokens: million, cache_read_tokens: million }),
    cacheWrite: per({ input_tokens: million, cache_write_tokens: million }),
    cacheWrite1h: per({ input_tokens: million, cache_write_tokens: million, cache_write_1h_tokens: million }),
  };
}

/** A flat price's cost: input_tokens includes the cache reads and writes, cache writes include the 1-hour ones. */
function flatCost(rates: FlatRates, usage: CatalogUsage): number {
  const plainInput = usage.input_tokens - usage.cache_read_tokens - usage.cache_write_tokens;
  return (
    rates.request +
    plainInput * rates.input +
    usage.cache_read_tokens * rates.cacheRead +
    (usage.cache_write_tokens - usage.cache_write_1h_tokens) * rates.cacheWrite +
    usage.cache_write_1h_tokens * rates.cacheWrite1h +
    usage.output_tokens * rates.output
  );
}
