import type { Bucket, GroupBy, TimeSeries, UsageGroup, UsageTotals } from '../../../proxy/usage/usage-stats.js';
import { formatClock, formatDay, MONTH_NAMES } from '../format';

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

/**
 * The name shown for a group whose requests had no value for it — what "none" means depends on what they are
 * grouped by: no model named (the body had none), refused before a provider was chosen, no account tried.
 */
export const UNNAMED_GROUPS: Record<GroupBy, string> = {
  model: '(no model named)',
  provider: '(refused before routing)',
  key: '(no key)',
  account: '(no account tried)',
};

/** The one group a report sums its smaller groups into, past the largest it names (MAX_SERIES_GROUPS). */
export const OTHER_GROUPS: Record<GroupBy, string> = {
  model: '(other models)',
  provider: '(other providers)',
  key: '(other keys)',
  account: '(other accounts)',
};

export function groupLabel(name: string | null, groupBy: GroupBy | null, other = false): string {
  if (other && groupBy !== null) return OTHER_GROUPS[groupBy];
  if (name !== null && name !== '') return name;
  return groupBy === null ? 'all requests' : UNNAMED_GROUPS[groupBy];
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

/**
 * Series colours: Kelly's colours of maximum contrast, in his order (the first ones differ most), kept only where
 * each looks unlike every other (at least 0.12 apart in OKLab; chart-data.test.ts measures every pair) and stands
 * out from the card in both themes. His later colours are near twins of earlier ones (yellowish orange beside
 * orange, greenish yellow beside yellow, purplish red beside red): left out. His light blue is a little darker, to
 * show on the light card, and his yellowish brown lighter, to show on the dark one. One palette serves both themes.
 */
export const PALETTE = ['#0067a5', '#f38400', '#008856', '#be0032', '#875692', '#92bfe9', '#f3c300', '#e68fac', '#848482', '#8db600', '#c2b280', '#7a5230'] as const;

function preferredSlot(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % PALETTE.length;
}

/**
 * A colour per series, different for every series on the chart (up to the palette's size), and stable: each
 * series has a colour of its own (a hash of its name) and keeps it unless another series on the same chart took
 * it first, in name order; then it takes the next free one. Beyond the palette's size colours repeat.
 */
export function assignColors(names: readonly string[]): Map<string, string> {
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const name of [...new Set(names)].sort((a, b) => a.localeCompare(b))) {
    let slot = preferredSlot(name);
    for (let tries = 0; taken.has(slot) && tries < PALETTE.length; tries++) slot = (slot + 1) % PALETTE.length;
    if (taken.size < PALETTE.length) taken.add(slot);
    colors.set(name, PALETTE[slot] ?? PALETTE[0]);
  }
  return colors;
}

/** Buckets are UTC (days and months are UTC calendar days and months), so labels are UTC too. */
export function bucketLabel(start: number, bucket: Bucket): string {
  if (bucket === 'month') return `${MONTH_NAMES[new Date(start).getUTCMonth()]} ${new Date(start).getUTCFullYear()}`;
  if (bucket === 'day') return formatDay(start, { utc: true });
  return `${formatDay(start, { utc: true })} ${formatClock(start, { utc: true })}`;
}

export function toChartData(series: TimeSeries, bucket: Bucket, metric: Metric, groupBy: GroupBy | null): ChartData {
  const names = new Set<string>();
  for (const b of series.buckets) for (const g of b.groups) names.add(groupLabel(g.name, groupBy, g.other));
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  const rows = series.buckets.map((b) => {
    const row: ChartRow = { start: b.start, label: bucketLabel(b.start, bucket) };
    for (const name of sorted) row[name] = 0;
    for (const g of b.groups) {
      const name = groupLabel(g.name, groupBy, g.other);
      row[name] = (row[name] as number) + metricValue(g, metric);
    }
    return row;
  });
  const colors = assignColors(sorted);
  return { rows, groups: sorted.map((name) => ({ name, color: colors.get(name) ?? PALETTE[0] })) };
}

/** The whole period per group, largest first by the chosen metric (for the table under the chart). */
export function groupTotals(series: TimeSeries, metric: Metric, groupBy: GroupBy | null): UsageGroup[] {
  const byName = new Map<string, UsageGroup>();
  for (const b of series.buckets) {
    for (const g of b.groups) {
      const name = groupLabel(g.name, groupBy, g.other);
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
      sum.billedCostUsd += g.billedCostUsd;
      sum.subscriptionCostUsd += g.subscriptionCostUsd;
      sum.costUsd = sum.costUsd === null && g.costUsd === null ? null : (sum.costUsd ?? 0) + (g.costUsd ?? 0);
    }
  }
  return [...byName.values()].sort((a, b) => metricValue(b, metric) - metricValue(a, metric) || String(a.name).localeCompare(String(b.name)));
}
