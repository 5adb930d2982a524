import type { Bucket, TimeSeries, UsageGroup, UsageTotals } from '../../../proxy/usage/usage-stats.js';

export type Metric = 'cost' | 'tokens' | 'requests';

/** One recharts row per bucket: `label` for the axis, `start` (ms), and one numeric key per group. */
export interface ChartRow {
  start: number;
  label: string;
  [group: string]: number | string;
}

export interface ChartData {
  rows: ChartRow[];
  /** Every group name that appears in any bucket, sorted, each with its colour. */
  groups: { name: string; color: string }[];
}

/** The name shown for a group whose name is null (no key, no account…). */
export const UNNAMED_GROUP = '(none)';

export function groupLabel(name: string | null): string {
  return name === null || name === '' ? UNNAMED_GROUP : name;
}

/** Tokens as the chart counts them: everything read or written (reasoning is already inside output). */
export function totalTokens(t: Pick<UsageTotals, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>): number {
  return t.inputTokens + t.outputTokens + t.cacheReadTokens + t.cacheWriteTokens;
}

export function metricValue(group: UsageTotals, metric: Metric): number {
  if (metric === 'cost') return group.costUsd ?? 0;
  if (metric === 'tokens') return totalTokens(group);
  return group.requests;
}

const PALETTE = ['#4f46e5', '#0891b2', '#d97706', '#059669', '#db2777', '#7c3aed', '#65a30d', '#dc2626', '#2563eb', '#ca8a04', '#0d9488', '#9333ea'];

/** The same group name always gets the same colour, whatever else is on the chart. */
export function colorFor(name: string): string {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length] ?? '#4f46e5';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Buckets are UTC (days and months are UTC calendar days and months), so labels are UTC too. */
export function bucketLabel(start: number, bucket: Bucket): string {
  const d = new Date(start);
  const month = MONTHS[d.getUTCMonth()] ?? '';
  if (bucket === 'month') return `${month} ${d.getUTCFullYear()}`;
  if (bucket === 'day') return `${d.getUTCDate()} ${month}`;
  return `${d.getUTCDate()} ${month} ${pad(d.getUTCHours())}:00`;
}

export function toChartData(series: TimeSeries, bucket: Bucket, metric: Metric): ChartData {
  const names = new Set<string>();
  for (const b of series.buckets) for (const g of b.groups) names.add(groupLabel(g.name));
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  const rows = series.buckets.map((b) => {
    const row: ChartRow = { start: b.start, label: bucketLabel(b.start, bucket) };
    for (const name of sorted) row[name] = 0;
    for (const g of b.groups) {
      const name = groupLabel(g.name);
      row[name] = (row[name] as number) + metricValue(g, metric);
    }
    return row;
  });
  return { rows, groups: sorted.map((name) => ({ name, color: colorFor(name) })) };
}

/** The whole period per group, largest first by the chosen metric (for the table under the chart). */
export function groupTotals(series: TimeSeries, metric: Metric): UsageGroup[] {
  const byName = new Map<string, UsageGroup>();
  for (const b of series.buckets) {
    for (const g of b.groups) {
      const name = groupLabel(g.name);
      const sum = byName.get(name);
      if (!sum) {
        byName.set(name, { ...g, name });
        continue;
      }
      sum.requests += g.requests;
      sum.errors += g.errors;
      sum.aborted += g.aborted;
      sum.inputTokens += g.inputTokens;
      sum.outputTokens += g.outputTokens;
      sum.cacheReadTokens += g.cacheReadTokens;
      sum.cacheWriteTokens += g.cacheWriteTokens;
      sum.reasoningTokens += g.reasoningTokens;
      sum.unpricedRequests += g.unpricedRequests;
      sum.costUsd = sum.costUsd === null && g.costUsd === null ? null : (sum.costUsd ?? 0) + (g.costUsd ?? 0);
    }
  }
  return [...byName.values()].sort((a, b) => metricValue(b, metric) - metricValue(a, metric) || String(a.name).localeCompare(String(b.name)));
}
