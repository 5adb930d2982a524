import type { PricesAnswer } from '../../../proxy/http/routes/admin-prices.js';
import type { AdminApi } from '../admin-api';
import { formatDay, formatClock } from '../format';
import { isRecord } from '../is-record';

export type { PricesAnswer };

/** GET /admin/prices, checked enough to show: where the prices come from and whether the last update worked. */
export function parsePrices(body: unknown): PricesAnswer {
  if (!isRecord(body) || !isRecord(body.data) || !isRecord(body.update)) throw new Error('The proxy answered /admin/prices in an unexpected shape.');
  return body as unknown as PricesAnswer;
}

export const pricesApi = (api: Pick<AdminApi, 'request'>) => ({
  load: async () => parsePrices(await api.request<unknown>('GET', '/admin/prices')),
  update: async () => parsePrices(await api.request<unknown>('POST', '/admin/prices/update')),
});

/** The host of a URL, for a short line ("raw.githubusercontent.com"); the URL itself when it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}


/** "6 Dec 2026 09:30" in local time: the dashboard's one way of writing a moment. */
function moment(iso: string): string {
  const epoch = Date.parse(iso);
  return `${formatDay(epoch, { year: true })} ${formatClock(epoch)}`;
}

/** One line for the Usage page: what the prices are and how they stay current. */
export function describePrices(answer: PricesAnswer): { source: string; freshness: string; problem: string | null } {
  const { data, update } = answer;
  const source =
    data.kind === 'bundled'
      ? `@pydantic/genai-prices ${data.packageVersion}, bundled`
      : `@pydantic/genai-prices catalog, downloaded ${data.fetchedAt ? moment(data.fetchedAt) : ''} from ${hostOf(data.url ?? '')}`.replace('  ', ' ');
  const days = Math.round(update.refreshIntervalMs / 86_400_000);
  const every = days >= 1 ? (days === 1 ? 'daily' : `every ${days} days`) : `every ${Math.max(1, Math.round(update.refreshIntervalMs / 3_600_000))} h`;
  const from = data.url === update.url ? '' : ` from ${hostOf(update.url)}`;
  const freshness = update.autoUpdate ? `Updated ${every}${from}.` : 'Automatic updates are off (price-data.auto-update).';
  return { source, freshness, problem: update.lastError ? `The last update failed: ${update.lastError}` : null };
}
