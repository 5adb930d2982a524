import { statSync } from 'node:fs';
import { createLogger } from '../log.js';
import { BUNDLED_PRICES } from './price-catalog.js';
import { downloadPriceData, priceDataPath, readSavedPriceData, savePriceData, touchSavedPriceData } from './price-data.js';
import type { Pricing } from './pricing.js';

const log = createLogger('usage/prices');

/** How often the saved catalog's file is looked at, so a `prices update` from the CLI counts in a running server. */
const FILE_CHECK_MS = 60_000;
/** After a failed download (offline, say), the next try waits this long (or the interval, when that is shorter). */
const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

export interface PriceDataSettings {
  url: string;
  /** Download a newer catalog by itself (daily by default). */
  autoUpdate: boolean;
  refreshIntervalMs: number;
}

export interface PriceDataStatus {
  url: string;
  autoUpdate: boolean;
  refreshIntervalMs: number;
  /** When the catalog was last fetched or confirmed unchanged (ms epoch), or null. */
  lastCheckAt: number | null;
  /** Why the last attempt failed, or null. */
  lastError: string | null;
}

export interface PriceDataRefresh {
  /** Downloads the catalog now (the dashboard's "Update prices"); resolves with the status afterwards. */
  updateNow(): Promise<PriceDataStatus>;
  status(): PriceDataStatus;
  stop(): void;
}

/**
 * Keeps the prices current without a release: uses the catalog saved in data-dir (by an earlier download or by
 * `switchboard prices update`) and, when auto-update is on, downloads a newer one when the saved one is older than
 * the interval. A failed download (offline, say) keeps what is in use and is logged once until one succeeds.
 */
export function startPriceDataRefresh(
  pricing: Pricing,
  options: { dataDir: string; settings: PriceDataSettings; fetch: typeof fetch; timeoutMs: number; now?: () => number; checkEveryMs?: number },
): PriceDataRefresh {
  const now = options.now ?? Date.now;
  const { settings, dataDir } = options;
  let etag: string | null = null;
  let lastCheckAt: number | null = null;
  let lastError: string | null = null;
  let fileMtime: number | null = null;
  let lastAttemptAt: number | null = null;
  let running: Promise<void> | null = null;

  const loadSaved = (): void => {
    try {
      const saved = readSavedPriceData(dataDir);
      fileMtime = saved?.mtimeMs ?? null;
      if (!saved) return;
      pricing.useDataset(saved.dataset);
      etag = saved.etag;
      lastCheckAt = Math.max(lastCheckAt ?? 0, saved.mtimeMs);
    } catch (error) {
      log.warn({ problem: error instanceof Error ? error.message : String(error) }, 'the saved price catalog cannot be used; using the bundled one');
      pricing.useDataset(BUNDLED_PRICES);
    }
  };

  const download = async (): Promise<void> => {
    lastAttemptAt = now();
    try {
      const result = await downloadPriceData({ url: settings.url, fetch: options.fetch, timeoutMs: options.timeoutMs, etag, now });
      if (result.changed) {
        await savePriceData(dataDir, result.dataset, result.etag);
        pricing.useDataset(result.dataset);
        etag = result.etag;
        log.info({ url: settings.url }, 'price catalog updated');
      } else {
        await touchSavedPriceData(dataDir, now());
      }
      fileMtime = mtimeOf(priceDataPath(dataDir));
      lastCheckAt = now();
      lastError = null;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== lastError) log.warn({ problem }, 'could not update the price catalog; the prices in use stay');
      lastError = problem;
      throw error;
    }
  };

  const updateOnce = (): Promise<void> => (running ??= download().finally(() => (running = null)));

  const tick = (): void => {
    if (mtimeOf(priceDataPath(dataDir)) !== fileMtime && running === null) loadSaved(); // `prices update` in another process
    if (!settings.autoUpdate) return;
    const checkDue = lastCheckAt === null || now() - lastCheckAt >= settings.refreshIntervalMs;
    const backingOff = lastError !== null && lastAttemptAt !== null && now() - lastAttemptAt < Math.min(settings.refreshIntervalMs, RETRY_AFTER_FAILURE_MS);
    if (checkDue && !backingOff) updateOnce().catch(() => {});
  };

  loadSaved();
  tick();
  const timer = setInterval(tick, options.checkEveryMs ?? FILE_CHECK_MS);
  timer.unref();

  const status = (): PriceDataStatus => ({ url: settings.url, autoUpdate: settings.autoUpdate, refreshIntervalMs: settings.refreshIntervalMs, lastCheckAt, lastError });
  return {
    async updateNow() {
      await updateOnce().catch(() => {});
      return status();
    },
    status,
    stop: () => clearInterval(timer),
  };
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}
