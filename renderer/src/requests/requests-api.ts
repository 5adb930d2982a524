import type { RecentRequest, RecentRequestsPage } from '../../../proxy/usage/recent-requests.js';
import type { UsageOutcome } from '../../../proxy/usage/types.js';
import { formatCount } from '../format';

export type { RecentRequest, RecentRequestsPage, UsageOutcome };

/** The filters of the Requests view; empty strings mean "all". */
export interface RequestFilters {
  provider: string;
  key: string;
  account: string;
  outcome: UsageOutcome | '';
}

export const NO_FILTERS: RequestFilters = { provider: '', key: '', account: '', outcome: '' };

/** Rows per page: enough to fill a screen, few enough to arrive at once. */
export const PAGE_SIZE = 50;

/** GET /admin/requests with the filters, `before` for an older page. */
export function requestsPath(filters: RequestFilters, before?: number | null): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.provider) params.set('provider', filters.provider);
  if (filters.key) params.set('key', filters.key);
  if (filters.account) params.set('account', filters.account);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (before !== undefined && before !== null) params.set('before', String(before));
  return `/admin/requests?${params.toString()}`;
}

/** Adds an older page under the rows already shown, dropping any row that is already there. */
export function appendPage(shown: RecentRequest[], older: RecentRequest[]): RecentRequest[] {
  const seen = new Set(shown.map((row) => row.id));
  return [...shown, ...older.filter((row) => !seen.has(row.id))];
}

/** Input, output and cache tokens in one short line: "1,200 in · 300 out · 5,000 cached". */
export function tokensLine(row: RecentRequest): string {
  const parts = [`${formatCount(row.inputTokens)} in`, `${formatCount(row.outputTokens)} out`];
  const cached = row.cacheReadTokens + row.cacheWriteTokens;
  if (cached > 0) parts.push(`${formatCount(cached)} cached`);
  return `${parts.join(' · ')}${row.tokensEstimated ? ' (estimated)' : ''}`;
}

/** What happened, in a word or two, for the status column. */
export function outcomeText(row: RecentRequest): string {
  if (row.outcome === 'aborted') return 'client left';
  if (row.outcome === 'error') return row.status >= 400 ? `error ${row.status}` : 'error in stream';
  return String(row.status);
}

/** "14:05:09" for today, "Nov 21, 14:05" before: short enough for a table column, exact in its title. */
export function formatRequestTime(at: number, now: number): string {
  const date = new Date(at);
  const today = new Date(now);
  const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
