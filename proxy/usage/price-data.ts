import { readFileSync, statSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { calcPrice } from '@pydantic/genai-prices';
import { GENAI_PRICES_VERSION, type CatalogProvider, type PriceDataset } from './price-catalog.js';

/** The catalog the package itself refreshes from (its REMOTE_DATA_JSON_URL); `price-data.url` in the config. */
export const DEFAULT_PRICE_DATA_URL = 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';

/** The downloaded catalog is a few hundred KB; anything far larger is not it. */
const MAX_DATA_BYTES = 32 * 1024 * 1024;
const FILE_NAME = 'prices.json';

/** Enough of the package's Provider shape to trust a download before its calculator sees it. */
const providersSchema = z
  .array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string(),
      api_pattern: z.string(),
      models: z.array(z.looseObject({ id: z.string().min(1), match: z.record(z.string(), z.unknown()), prices: z.unknown() })),
    }),
  )
  .min(1);

const savedSchema = z.object({
  url: z.string(),
  fetchedAt: z.iso.datetime(),
  etag: z.string().nullable(),
  providers: providersSchema,
});

export class PriceDataError extends Error {
  override name = 'PriceDataError';
}

export function priceDataPath(dataDir: string): string {
  return join(dataDir, FILE_NAME);
}

/**
 * Checks a catalog as the package would use it: the shape, then each provider priced once (a bad match rule or price
 * constraint throws there), so a broken download is refused instead of leaving every request unpriced.
 */
export function validatePriceData(json: unknown): CatalogProvider[] {
  const parsed = providersSchema.safeParse(json);
  if (!parsed.success) throw new PriceDataError(`not a price catalog: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
  const providers = parsed.data as unknown as CatalogProvider[];
  let priced = 0;
  for (const provider of providers) {
    const last = provider.models.at(-1);
    if (!last) continue;
    try {
      // Pricing the provider's last model normalises every price constraint of the provider and walks every match
      // rule before it: one calculation checks the whole provider.
      if (calcPrice({ input_tokens: 1, output_tokens: 1 }, last.id, { provider })) priced++;
    } catch (error) {
      throw new PriceDataError(`the catalog's provider ${provider.id} cannot be used: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (priced === 0) throw new PriceDataError('the catalog prices no model');
  return providers;
}

/** The catalog saved by the last download, or null when there is none. A broken file is an error, not silence. */
export function readSavedPriceData(dataDir: string): { dataset: PriceDataset; etag: string | null; mtimeMs: number } | null {
  const path = priceDataPath(dataDir);
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = savedSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new PriceDataError(`${path} is not a saved price catalog`);
  const providers = parsed.data.providers as unknown as CatalogProvider[];
  return {
    dataset: { providers, info: { kind: 'downloaded', packageVersion: GENAI_PRICES_VERSION, url: parsed.data.url, fetchedAt: parsed.data.fetchedAt } },
    etag: parsed.data.etag,
    mtimeMs,
  };
}

export interface DownloadOptions {
  url: string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The ETag of the data we have: an unchanged catalog answers 304 and costs nothing. */
  etag: string | null;
  now?: () => number;
}

export type DownloadResult = { changed: false } | { changed: true; dataset: PriceDataset; etag: string | null };

/** Fetches the catalog, validates it and says whether it changed. Throws PriceDataError in words. */
export async function downloadPriceData(options: DownloadOptions): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      headers: { accept: 'application/json', ...(options.etag ? { 'if-none-match': options.etag } : {}) },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    throw new PriceDataError(`could not reach ${options.url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  if (response.status === 304) return { changed: false };
  if (!response.ok) throw new PriceDataError(`${options.url} answered HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_DATA_BYTES) throw new PriceDataError(`${options.url} sent ${length} bytes, more than a price catalog has`);
  const text = await response.text();
  if (text.length > MAX_DATA_BYTES) throw new PriceDataError(`${options.url} sent more than a price catalog has`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PriceDataError(`${options.url} did not answer with JSON`);
  }
  const providers = validatePriceData(json);
  const fetchedAt = new Date((options.now ?? Date.now)()).toISOString();
  return {
    changed: true,
    dataset: { providers, info: { kind: 'downloaded', packageVersion: GENAI_PRICES_VERSION, url: options.url, fetchedAt } },
    etag: response.headers.get('etag'),
  };
}

/** Saves a downloaded catalog atomically, so a crash never leaves half a file. */
export async function savePriceData(dataDir: string, dataset: PriceDataset, etag: string | null): Promise<void> {
  const { url, fetchedAt } = dataset.info;
  if (!dataset.providers || !url || !fetchedAt) throw new PriceDataError('only a downloaded catalog is saved');
  await writeFileAtomic(priceDataPath(dataDir), JSON.stringify({ url, fetchedAt, etag, providers: dataset.providers }), { mode: 0o600 });
}

/** Marks saved data as checked now (a 304): the file's time says when the catalog was last confirmed current. */
export async function touchSavedPriceData(dataDir: string, now: number): Promise<void> {
  const time = new Date(now);
  await utimes(priceDataPath(dataDir), time, time).catch(() => {});
}
