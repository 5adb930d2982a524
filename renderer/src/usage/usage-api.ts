/** The usage report as the dashboard reads it (GET /admin/usage, checked), and the periods the Usage page offers. */
import type { Bucket, GroupBy, TimeSeries, UsageGroup, UsageTotals } from '../../../proxy/usage/usage-stats.js';
import { isRecord } from '../is-record';

export interface UsageReport {
  from: number;
  to: number;
  bucket: Bucket;
  groupBy: GroupBy | null;
  costLabel: string;
  totals: UsageTotals;
  series: TimeSeries;
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

function parseTotals(value: unknown): UsageTotals {
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
    billedCostUsd: num(t.billedCostUsd),
    subscriptionCostUsd: num(t.subscriptionCostUsd),
    unpricedRequests: num(t.unpricedRequests),
  };
}

function parseGroup(value: unknown): UsageGroup {
  const name = isRecord(value) && typeof value.name === 'string' ? value.name : null;
  return { ...parseTotals(value), name, ...(isRecord(value) && value.other === true ? { other: true as const } : {}) };
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
