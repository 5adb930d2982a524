import { calcPrice, type MatchLogic, type Provider as CatalogProvider } from '@pydantic/genai-prices';
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

/**
 * Prices from one dataset: the provider is chosen by its model rules (as the package does), the model by its own.
 * Finding the model is most of what calcPrice costs (every provider's rules, then every model's, some of them
 * regexes: ~25 µs, and a request is priced twice: quoted for its key's budget, then recorded). So the first pricing
 * of a model id remembers its provider narrowed to that one model, and every later one searches only that model.
 * The memo holds which model prices an id, never a price: the usage and the date still choose the tier and rate.
 */
export class PriceCatalogView {
  /** Per model id seen (trimmed, lower-case): its provider narrowed to its model, or null when unpriced. */
  private readonly narrowed = new Map<string, CatalogProvider | null>();
  /** Model ids come from clients, so the memo is bounded. */
  private static readonly MEMO_LIMIT = 1000;

  constructor(readonly dataset: PriceDataset) {}

  /** USD for this usage, or null when the catalog has no price for the model. */
  cost(model: string, usage: CatalogUsage, at: Date): number | null {
    const provider = this.providerOf(model);
    if (provider === null) return null;
    try {
      return calcPrice({ ...usage }, model, { provider, timestamp: at })?.total_price ?? null;
    } catch {
      return null; // usage the catalog cannot split (never sent by us): unpriced rather than a guess
    }
  }

  /**
   * The model's per-million prices at `at` for a short prompt (long-context tiers start far above the probe), by
   * pricing a thousand tokens of each kind; null when unpriced.
   */
  price(model: string, at: Date): CatalogPrice | null {
    const provider = this.providerOf(model);
    if (provider === null) return null;
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

  /** The provider to price this model with, narrowed to the model; null when the catalog has no price for it. */
  private providerOf(model: string): CatalogProvider | null {
    const key = model.trim().toLowerCase();
    let provider = this.narrowed.get(key);
    if (provider === undefined) {
      provider = this.findModel(model);
      if (this.narrowed.size >= PriceCatalogView.MEMO_LIMIT) this.narrowed.clear();
      this.narrowed.set(key, provider);
    }
    return provider;
  }

  /** The full search, as the package does it (its own rules, date-suffix forms and fallback providers included). */
  private findModel(model: string): CatalogProvider | null {
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
    return found ? { ...found.provider, models: [found.model] } : null;
  }
}
