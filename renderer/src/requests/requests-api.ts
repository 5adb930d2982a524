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

/**
 * A request's tokens, each kind on its own: "1,200 in", "300 out", "5,000 cache read", "12,255 cache write".
 * Cache reads and writes are never added up: a read costs a tenth of an input token, a write more than one.
 */
export function tokenParts(row: Pick<RecentRequest, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>): string[] {
  const parts = [`${formatCount(row.inputTokens)} in`, `${formatCount(row.outputTokens)} out`];
  if (row.cacheReadTokens > 0) parts.push(`${formatCount(row.cacheReadTokens)} cache read`);
  if (row.cacheWriteTokens > 0) parts.push(`${formatCount(row.cacheWriteTokens)} cache write`);
  return parts;
}

/** What happened, in a word or two, for the status column. */
export function outcomeText(row: RecentRequest): string {
  if (row.outcome === 'aborted') return 'client left';
  if (row.outcome === 'error') return row.status >= 400 ? `error ${row.status}` : 'error in stream';
  return String(row.status);
}

/**
 * The target that served, and the targets of its fallback chain tried before it: "example-key after anthropic".
 * Null when the request was refused before it was routed.
 */
export function targetLine(row: Pick<RecentRequest, 'provider' | 'targetsTried'>): string | null {
  if (row.provider === null) return null;
  const before = (row.targetsTried ?? []).filter((target) => target !== row.provider);
  return before.length > 0 ? `${row.provider} after ${before.join(', ')}` : row.provider;
}

/** A latency as the table shows it: "0.52 s". */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * What a request asked for and where it went, for the Model column: the model that ran (or was tried), and
 * "asked for …" when the client named it otherwise (an alias, or a model it was refused).
 */
export function modelLine(row: Pick<RecentRequest, 'modelRequested' | 'modelServed'>): { model: string | null; asked: string | null } {
  const model = row.modelServed ?? row.modelRequested;
  return { model, asked: row.modelServed !== null && row.modelRequested !== null && row.modelRequested !== row.modelServed ? row.modelRequested : null };
}
