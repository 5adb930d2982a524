/** Pure formatting helpers for the dashboard: money (with "unpriced"), counts, token counts, times and countdowns. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdSubCent = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });

/**
 * API-equivalent cost as a headline figure ("$2.00", "< $0.01", "$2.00 + 3 unpriced requests"); null means no
 * price is known, never shown as $0.
 */
export function formatMoney(costUsd: number | null | undefined, unpricedRequests = 0): string {
  if (costUsd === null || costUsd === undefined || !Number.isFinite(costUsd)) return 'unpriced';
  const amount = costUsd > 0 && costUsd < 0.01 ? '< $0.01' : usd.format(costUsd);
  if (unpricedRequests > 0) return `${amount} + ${plural(unpricedRequests, 'unpriced request')}`;
  return amount;
}

/**
 * A cost for tables and charts, where small amounts side by side must stay apart: "$12.50", "$0.0042". Null
 * means nothing here had a price: "unpriced" when there were unpriced requests, else "—"; never $0.
 */
export function formatCost(costUsd: number | null, unpricedRequests = 0): string {
  if (costUsd === null) return unpricedRequests > 0 ? 'unpriced' : '—';
  return costUsd > 0 && costUsd < 0.01 ? usdSubCent.format(costUsd) : usd.format(costUsd);
}

/** 950 → "950", 12 345 → "12.3 k", 4 500 000 → "4.5 M". */
export function formatTokens(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return '—';
  const abs = Math.abs(count);
  if (abs < 1000) return String(Math.round(count));
  if (abs < 1_000_000) return `${trim(count / 1000)} k`;
  if (abs < 1_000_000_000) return `${trim(count / 1_000_000)} M`;
  return `${trim(count / 1_000_000_000)} B`;
}

function trim(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

/** 1234 → "1,234". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** A count that may grow large, for tables and chart axes: 1234.4 → "1,234", 1 234 567 → "1.23M". */
export function formatCompactCount(count: number): string {
  const abs = Math.abs(count);
  if (abs >= 1_000_000_000) return `${trimCompact(count / 1_000_000_000)}B`;
  if (abs >= 1_000_000) return `${trimCompact(count / 1_000_000)}M`;
  return formatCount(Math.round(count));
}

function trimCompact(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, '');
}

/** 1 → "1 request", 1200 → "1,200 requests". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A time as ms epoch, from an ISO string or a number; null when absent or unreadable. */
export function toEpoch(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const epoch = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(epoch) ? epoch : null;
}

/** The span until `target` in words: "2 h 14 min", "3 d 4 h", "45 s"; "now" when it has passed. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return 'now';
  const totalMinutes = Math.floor(ms / 60_000);
  if (totalMinutes < 1) return `${Math.ceil(ms / 1000)} s`;
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** "resets in 2 h 14 min", "resets now", or "reset time unknown". */
export function formatResetCountdown(resetsAt: string | number | null | undefined, now: number): string {
  const target = toEpoch(resetsAt);
  if (target === null) return 'reset time unknown';
  const left = target - now;
  return left <= 0 ? 'resets now' : `resets in ${formatDuration(left)}`;
}

/** "5 min ago", "just now", "never". */
export function formatAgo(value: string | number | null | undefined, now: number): string {
  const at = toEpoch(value);
  if (at === null) return 'never';
  const ago = now - at;
  if (ago < 60_000) return 'just now';
  return `${formatDuration(ago)} ago`;
}

export function formatPercent(value: number): string {
  return `${Math.round(value)} %`;
}

/** A date (ms epoch) as YYYY-MM-DD in local time, for date inputs. */
export function formatDate(epoch: number | null): string {
  if (epoch === null) return '';
  const parts = partsOf(epoch, false);
  return `${parts.year}-${pad(parts.month + 1)}-${pad(parts.day)}`;
}

/*
 * Times. Every time the dashboard shows is written by the functions below: a 24-hour clock, the day before the
 * month ("21 Nov 14:05"), never the browser's locale (which would mix "2:05 PM" into one table and "14:05" into
 * the next). Local time unless `utc` is asked for (the usage buckets are UTC days and hours).
 */

export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export interface TimeOptions {
  /** Read the time in UTC instead of the local time zone. */
  utc?: boolean;
}

interface TimeParts {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function partsOf(epoch: number, utc: boolean): TimeParts {
  const date = new Date(epoch);
  return utc
    ? { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate(), hours: date.getUTCHours(), minutes: date.getUTCMinutes(), seconds: date.getUTCSeconds() }
    : { year: date.getFullYear(), month: date.getMonth(), day: date.getDate(), hours: date.getHours(), minutes: date.getMinutes(), seconds: date.getSeconds() };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The one 24-hour clock of the dashboard: "14:05", or "14:05:09" with seconds. */
export function formatClock(epoch: number, options: TimeOptions & { seconds?: boolean } = {}): string {
  const { hours, minutes, seconds } = partsOf(epoch, options.utc ?? false);
  return `${pad(hours)}:${pad(minutes)}${options.seconds ? `:${pad(seconds)}` : ''}`;
}

/** "21 Nov", or "21 Nov 2025" with the year. */
export function formatDay(epoch: number, options: TimeOptions & { year?: boolean } = {}): string {
  const { year, month, day } = partsOf(epoch, options.utc ?? false);
  return `${day} ${MONTH_NAMES[month]}${options.year ? ` ${year}` : ''}`;
}

/**
 * A moment as short as it can be next to `now`: the clock alone on the same day ("14:05:09" with seconds),
 * else the day and the clock ("21 Nov 14:05"), with the year when it is not this year's.
 */
export function formatTime(epoch: number, now: number, options: TimeOptions & { seconds?: boolean } = {}): string {
  const utc = options.utc ?? false;
  const at = partsOf(epoch, utc);
  const today = partsOf(now, utc);
  if (at.year === today.year && at.month === today.month && at.day === today.day) return formatClock(epoch, options);
  return `${formatDay(epoch, { utc, year: at.year !== today.year })} ${formatClock(epoch, { utc })}`;
}

/** The whole moment, for a tooltip or a title: "2026-11-21 14:05:09" (local time). */
export function formatDateTime(epoch: number): string {
  return `${formatDate(epoch)} ${formatClock(epoch, { seconds: true })}`;
}
