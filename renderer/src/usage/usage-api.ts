import type { Bucket, GroupBy, TimeSeries, UsageGroup, UsageTotals } from '../../../proxy/usage/usage-stats.js';

/** The one thing this page needs from the shell's AdminApi: an authenticated request that returns the parsed body. */
export type AdminRequest = (method: string, path: string, body?: unknown) => Promise<unknown>;

export interface UsageQuery {
  bucket: Bucket;
  groupBy: GroupBy;
  from: number;
  to: number;
  provider?: string;
  key?: string;
  account?: string;
  model?: string;
}

export interface UsageReport {
  from: number;
  to: number;
  bucket: Bucket;
  groupBy: GroupBy | null;
  costLabel: string;
  totals: UsageTotals;
  series: TimeSeries;
}

export interface KeyOption {
  id: string;
  label: string;
}

export interface AccountOption {
  id: string;
  email: string | null;
  provider: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function time(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? 0 : parsed;
  }
  return 0;
}

export function parseTotals(value: unknown): UsageTotals {
  const t = isRecord(value) ? value : {};
  return {
    requests: num(t.requests),
    errors: num(t.errors),
    aborted: num(t.aborted),
    inputTokens: num(t.inputTokens),
    outputTokens: num(t.outputTokens),
    cacheReadTokens: num(t.cacheReadTokens),
    cacheWriteTokens: num(t.cacheWriteTokens),
    reasoningTokens: num(t.reasoningTokens),
    costUsd: typeof t.costUsd === 'number' && Number.isFinite(t.costUsd) ? t.costUsd : null,
    unpricedRequests: num(t.unpricedRequests),
  };
}

function parseGroup(value: unknown): UsageGroup {
  const name = isRecord(value) && typeof value.name === 'string' ? value.name : null;
  return { ...parseTotals(value), name };
}

/** GET /admin/usage → a checked report; throws a sentence when the answer is not one. */
export function parseUsageReport(body: unknown): UsageReport {
  if (!isRecord(body) || !isRecord(body.series) || !Array.isArray(body.series.buckets)) {
    throw new Error('The proxy sent a usage answer this page does not understand.');
  }
  const buckets = body.series.buckets.filter(isRecord).map((b) => ({
    start: time(b.start),
    groups: Array.isArray(b.groups) ? b.groups.map(parseGroup) : [],
  }));
  const bucket = body.bucket === 'hour' || body.bucket === 'day' || body.bucket === 'month' ? body.bucket : 'day';
  const groupBy = body.groupBy === 'model' || body.groupBy === 'provider' || body.groupBy === 'key' || body.groupBy === 'account' ? body.groupBy : null;
  return {
    from: time(body.from),
    to: time(body.to),
    bucket,
    groupBy,
    costLabel: typeof body.costLabel === 'string' ? body.costLabel : 'API-equivalent cost (USD)',
    totals: parseTotals(body.totals),
    series: { buckets },
  };
}

/** The query string shared by /admin/usage and /admin/usage/export.csv. */
export function usageSearch(query: UsageQuery, includeSeries = true): string {
  const params = new URLSearchParams();
  if (includeSeries) {
    params.set('bucket', query.bucket);
    params.set('group-by', query.groupBy);
  }
  params.set('from', String(query.from));
  params.set('to', String(query.to));
  if (query.provider) params.set('provider', query.provider);
  if (query.key) params.set('key', query.key);
  if (query.account) params.set('account', query.account);
  if (query.model) params.set('model', query.model);
  return params.toString();
}

export function fetchUsage(request: AdminRequest) {
  return async (query: UsageQuery): Promise<UsageReport> => parseUsageReport(await request('GET', `/admin/usage?${usageSearch(query)}`));
}

/**
 * GET /admin/usage/export.csv: the key is a header, so the CSV is fetched, not linked. AdminApi.request must hand
 * a non-JSON answer back as text (a string) or as a Blob; either becomes a Blob here.
 */
export function fetchUsageCsv(request: AdminRequest) {
  return async (query: UsageQuery): Promise<Blob> => {
    const body = await request('GET', `/admin/usage/export.csv?${usageSearch(query, false)}`);
    if (body instanceof Blob) return body;
    if (typeof body === 'string') return new Blob([body], { type: 'text/csv' });
    throw new Error('The proxy did not send a CSV file.');
  };
}

export function fetchKeys(request: AdminRequest) {
  return async (): Promise<KeyOption[]> => {
    const body = await request('GET', '/admin/keys');
    if (!isRecord(body) || !Array.isArray(body.keys)) return [];
    return body.keys.filter(isRecord).flatMap((k) =>
      typeof k.id === 'string' ? [{ id: k.id, label: typeof k.label === 'string' && k.label ? k.label : k.id }] : [],
    );
  };
}

export function fetchAccounts(request: AdminRequest) {
  return async (): Promise<AccountOption[]> => {
    const body = await request('GET', '/admin/accounts');
    if (!isRecord(body) || !Array.isArray(body.accounts)) return [];
    return body.accounts.filter(isRecord).flatMap((a) =>
      typeof a.id === 'string'
        ? [{ id: a.id, email: typeof a.email === 'string' ? a.email : null, provider: typeof a.provider === 'string' ? a.provider : '' }]
        : [],
    );
  };
}

/** An error from request() as a sentence: `{ error: { message } }` bodies and Error objects both. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (isRecord(error) && isRecord(error.error) && typeof error.error.message === 'string') return error.error.message;
  if (typeof error === 'string' && error) return error;
  return 'Something went wrong talking to the proxy.';
}

export type Range = '48h' | '30d' | '12m';

export const RANGES: { id: Range; label: string; bucket: Bucket }[] = [
  { id: '48h', label: 'Last 48 hours (by hour)', bucket: 'hour' },
  { id: '30d', label: 'Last 30 days (by day)', bucket: 'day' },
  { id: '12m', label: 'Last 12 months (by month)', bucket: 'month' },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** [from, to) for a range ending now, aligned to whole UTC buckets so the first bucket is not partial. */
export function rangeWindow(range: Range, now: number): { from: number; to: number; bucket: Bucket } {
  if (range === '48h') {
    const to = Math.floor(now / HOUR) * HOUR + HOUR;
    return { from: to - 48 * HOUR, to, bucket: 'hour' };
  }
  if (range === '30d') {
    const to = Math.floor(now / DAY) * DAY + DAY;
    return { from: to - 30 * DAY, to, bucket: 'day' };
  }
  const d = new Date(now);
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1);
  return { from, to, bucket: 'month' };
}
