import type { Database, Statement } from 'better-sqlite3';
import { DAY_MS, HOUR_MS, startOfDay, startOfHour, startOfMonth, startOfNextMonth } from './calendar.js';
import { csvRecord, type CsvValue } from './csv.js';
import { nextTurn } from './next-turn.js';
import { statementCache } from './statement-cache.js';
import type { KeySpend } from './types.js';

/**
 * Read-only queries for the dashboard and the key policy. They read the rollups, never the events: whole UTC days
 * from usage_daily, and hours only where a range needs them (hour buckets, or a range's partial first and last
 * day). Their cost so grows with days × distinct (key, account, provider, model) per day, not with requests.
 * Inputs are trusted: the HTTP layer validates them. Every value goes in as a bound parameter; only column names
 * from the fixed maps below are spliced into SQL.
 *
 * Time ranges are [from, to) in ms epoch. The rollup's resolution is the hour: an hour counts when it STARTS inside
 * the range, so adjacent ranges never count an hour twice.
 */

export interface UsageFilters {
  provider?: string;
  keyId?: string;
  accountId?: string;
  /** The model: the one the request was routed to, else the one it asked for (see MODEL_SQL). */
  model?: string;
}

export type GroupBy = 'model' | 'provider' | 'key' | 'account';
export type Bucket = 'hour' | 'day' | 'month';

export interface TimeSeriesQuery {
  from: number;
  to: number;
  /** Days and months are UTC calendar days and months. */
  bucket: Bucket;
  groupBy: GroupBy | null;
  filters: UsageFilters;
}

export interface UsageTotals {
  requests: number;
  /** Requests that ended with outcome "error". */
  errors: number;
  /** Requests the client abandoned (outcome "aborted"); neither ok nor an error. */
  aborted: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Already counted inside outputTokens. */
  reasoningTokens: number;
  /** Sum over the priced requests; null only when every request here was unpriced. */
  costUsd: number | null;
  /** Of costUsd, the money API keys were billed. */
  billedCostUsd: number;
  /** Of costUsd, what the subscriptions' requests would have cost at API prices (nobody was billed it). */
  subscriptionCostUsd: number;
  unpricedRequests: number;
}

export interface UsageGroup extends UsageTotals {
  /** The group's key, model, provider or account; null when groupBy is null, the requests had none, or `other`. */
  name: string | null;
  /** Set on the one group that sums every group beyond the MAX_SERIES_GROUPS largest of the whole range. */
  other?: true;
}

export interface TimeSeries {
  /** Every bucket from `from` to `to`, empty ones included, oldest first; groups sorted by name, `other` last. */
  buckets: { start: number; groups: UsageGroup[] }[];
}

/** The most buckets one time series holds: 41 days of hours, 2.7 years of days, 83 years of months. */
export const MAX_BUCKETS = 1000;

/**
 * The most groups a time series names, the largest by requests over the whole range; the rest are summed into one
 * `other` group. A chart tells no more apart (its palette has 17 colours), and a client that names a new model with
 * every request can no longer make the answer, or the work, grow with every name.
 */
export const MAX_SERIES_GROUPS = 20;

/**
 * The most rollup rows one report may read. The rows of a range are one per hour or day and per key, account,
 * provider and model that had requests; reading them takes about a microsecond each here, on the event loop, so
 * this keeps a report under a few hundred milliseconds. A normal year of days holds tens of thousands; a client
 * that names a new model with every request can make millions.
 */
export const MAX_REPORT_ROWS = 250_000;

export interface ExportQuery {
  from: number;
  to: number;
  filters: UsageFilters;
}

/**
 * A request's model: the upstream model it was routed to, else — refused before routing (a key's limits, a model
 * not served) — the name it asked for, so refused requests are counted under what they asked for, not under "none".
 * Events hold NULL for "none", the rollups '' (see migrations.ts); this reads both.
 */
const MODEL_SQL = "coalesce(nullif(model_served, ''), model_requested)";

const FILTER_COLUMNS: Record<keyof UsageFilters, string> = {
  provider: 'provider',
  keyId: 'key_id',
  accountId: 'account_id',
  model: MODEL_SQL,
};

const GROUP_COLUMNS: Record<GroupBy, string> = {
  model: MODEL_SQL,
  provider: 'provider',
  key: 'key_id',
  account: 'account_id',
};

const SUMS = `
  SUM(requests) AS requests, SUM(errors) AS errors, SUM(aborted) AS aborted,
  SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
  SUM(cache_read_tokens) AS cacheReadTokens, SUM(cache_write_tokens) AS cacheWriteTokens,
  SUM(reasoning_tokens) AS reasoningTokens, SUM(cost_usd) AS costUsd, SUM(billed_cost_usd) AS billedCostUsd,
  SUM(unpriced_requests) AS unpricedRequests`;

/** SUM() over no rows is NULL, hence the nulls. */
interface SumRow {
  requests: number | null;
  errors: number | null;
  aborted: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  billedCostUsd: number | null;
  unpricedRequests: number | null;
}

interface GroupRow extends SumRow {
  bucket: number;
  name: string;
}

/** The row of usage_events as SELECT * returns it. */
export interface EventRow {
  id: number;
  at: number;
  key_id: string | null;
  account_id: string | null;
  provider: string | null;
  /** A JSON array of target ids (migration 6). */
  targets_tried: string;
  model_requested: string | null;
  model_served: string | null;
  endpoint: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number | null;
  tokens_estimated: number;
  latency_ms: number;
  ttft_ms: number | null;
  status: number;
  outcome: string;
  error: string | null;
  cost_usd: number | null;
  cost_basis: string | null;
}

const CSV_HEADER = [
  'at', 'time_utc', 'key_id', 'account_id', 'provider', 'model_requested', 'model_served', 'endpoint',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'tokens_estimated',
  'latency_ms', 'ttft_ms', 'status', 'outcome', 'error', 'cost_usd', 'cost_basis', 'targets_tried',
];

/**
 * Events one window of an export looks at: one chunk holds their rows that match, far fewer writes than one per
 * row, and a few milliseconds of work between two turns of the event loop.
 */
const CSV_ROWS_PER_CHUNK = 500;

export function emptyTotals(): UsageTotals {
  return {
    requests: 0, errors: 0, aborted: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
    reasoningTokens: 0, costUsd: null, billedCostUsd: 0, subscriptionCostUsd: 0, unpricedRequests: 0,
  };
}

function toTotals(row: SumRow): UsageTotals {
  const requests = row.requests ?? 0;
  const unpricedRequests = row.unpricedRequests ?? 0;
  return {
    requests,
    errors: row.errors ?? 0,
    aborted: row.aborted ?? 0,
    inputTokens: row.inputTokens ?? 0,
    outputTokens: row.outputTokens ?? 0,
    cacheReadTokens: row.cacheReadTokens ?? 0,
    cacheWriteTokens: row.cacheWriteTokens ?? 0,
    reasoningTokens: row.reasoningTokens ?? 0,
    costUsd: requests > unpricedRequests ? (row.costUsd ?? 0) : null,
    billedCostUsd: row.billedCostUsd ?? 0,
    subscriptionCostUsd: Math.max(0, (row.costUsd ?? 0) - (row.billedCostUsd ?? 0)),
    unpricedRequests,
  };
}

function addInto(target: UsageTotals, add: UsageTotals): void {
  const cost = target.costUsd === null && add.costUsd === null ? null : (target.costUsd ?? 0) + (add.costUsd ?? 0);
  target.requests += add.requests;
  target.errors += add.errors;
  target.aborted += add.aborted;
  target.inputTokens += add.inputTokens;
  target.outputTokens += add.outputTokens;
  target.cacheReadTokens += add.cacheReadTokens;
  target.cacheWriteTokens += add.cacheWriteTokens;
  target.reasoningTokens += add.reasoningTokens;
  target.costUsd = cost;
  target.billedCostUsd += add.billedCostUsd;
  target.subscriptionCostUsd += add.subscriptionCostUsd;
  target.unpricedRequests += add.unpricedRequests;
}

function toKeySpend(row: SumRow & { tokens: number | null }): KeySpend {
  return { tokens: row.tokens ?? 0, costUsd: row.costUsd ?? 0, requests: row.requests ?? 0, unpricedRequests: row.unpricedRequests ?? 0 };
}

/** Tokens that count against a monthly token budget: everything processed, cache included (reasoning is in output). */
const SPEND = `
  SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS tokens,
  SUM(cost_usd) AS costUsd, SUM(requests) AS requests, SUM(unpriced_requests) AS unpricedRequests`;

/** How many buckets cover [from, to), without listing them (a range may be asked for that spans millennia). */
export function bucketCount(from: number, to: number, bucket: Bucket): number {
  if (from >= to) return 0;
  if (bucket === 'month') {
    const first = new Date(from);
    const last = new Date(to - 1);
    return (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  }
  const step = bucket === 'hour' ? HOUR_MS : DAY_MS;
  return Math.floor((to - 1) / step) - Math.floor(from / step) + 1;
}

/** The first moments of the buckets covering [from, to). */
function bucketStarts(from: number, to: number, bucket: Bucket): number[] {
  const starts: number[] = [];
  if (bucket === 'month') {
    for (let at = startOfMonth(from); at < to; at = startOfNextMonth(at)) starts.push(at);
  } else {
    const step = bucket === 'hour' ? HOUR_MS : DAY_MS;
    for (let at = bucket === 'hour' ? startOfHour(from) : startOfDay(from); at < to; at += step) starts.push(at);
  }
  return starts;
}

/** A part of a time range and the rollup table that answers it. */
interface Span {
  table: 'usage_hourly' | 'usage_daily';
  column: 'hour' | 'day';
  from: number;
  to: number;
}

/**
 * [from, to) cut into the whole UTC days in the middle (usage_daily) and the hours before and after them
 * (usage_hourly). Both count a row when its start lies in its part, so the parts add up to exactly what the hourly
 * table alone would give.
 */
function spans(from: number, to: number, hoursOnly: boolean): Span[] {
  const hours = (a: number, b: number): Span => ({ table: 'usage_hourly', column: 'hour', from: a, to: b });
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const lastDay = startOfDay(to);
  if (hoursOnly || firstDay >= lastDay) return from < to ? [hours(from, to)] : [];
  const parts: Span[] = [{ table: 'usage_daily', column: 'day', from: firstDay, to: lastDay }];
  if (from < firstDay) parts.push(hours(from, firstDay));
  if (lastDay < to) parts.push(hours(lastDay, to));
  return parts;
}

export class UsageStats {
  /** Statements by their SQL text: the shapes are few (group × bucket × which filters are set). */
  private readonly statement: (sql: string) => Statement;

  constructor(db: Database) {
    this.statement = statementCache(db);
  }

  /**
   * Rejects with a RangeError past MAX_BUCKETS: the HTTP layer refuses such a range in words first. Its statements
   * run one per turn of the event loop, so a large report never holds up the requests served meanwhile for long.
   */
  async timeSeries(query: TimeSeriesQuery): Promise<TimeSeries> {
    const { from, to, bucket, groupBy, filters } = query;
    const count = bucketCount(from, to, bucket);
    if (count > MAX_BUCKETS) throw new RangeError(`${count} ${bucket} buckets, more than the ${MAX_BUCKETS} a time series holds`);
    const where = whereClause(filters);
    const named = groupBy === null ? null : this.largestGroups(GROUP_COLUMNS[groupBy], where, from, to);
    // Past the largest groups, a group's name is NULL: they are summed as one `other` group. ('' is "none".)
    const nameSql = groupBy === null ? "''" : named === null ? GROUP_COLUMNS[groupBy] : `CASE WHEN ${GROUP_COLUMNS[groupBy]} IN (SELECT value FROM json_each(?)) THEN ${GROUP_COLUMNS[groupBy]} END`;
    const nameParams = named === null ? [] : [JSON.stringify(named)];

    const buckets = new Map<number, Map<string | null, UsageTotals>>();
    for (const start of bucketStarts(from, to, bucket)) buckets.set(start, new Map());
    for (const span of spans(from, to, bucket === 'hour')) {
      await nextTurn();
      // SQL groups by hour or by day; months have uneven lengths, so their days are folded together below.
      const bucketSql = span.column === 'day' || bucket === 'hour' ? span.column : `hour - hour % ${DAY_MS}`;
      const sql = `SELECT ${bucketSql} AS bucket, ${nameSql} AS name, ${SUMS} FROM ${span.table}
        WHERE ${span.column} >= ? AND ${span.column} < ?${where.sql} GROUP BY 1, 2`;
      for (const row of this.statement(sql).all(...nameParams, span.from, span.to, ...where.params) as GroupRow[]) {
        const groups = buckets.get(bucket === 'month' ? startOfMonth(row.bucket) : row.bucket);
        if (!groups) continue; // cannot happen: every row lies inside [from, to)
        const existing = groups.get(row.name);
        if (existing) addInto(existing, toTotals(row));
        else groups.set(row.name, toTotals(row));
      }
    }
    return {
      buckets: [...buckets].map(([start, groups]) => ({
        start,
        groups: [...groups].sort(([a], [b]) => compareGroupNames(a, b)).map(([name, totals]) => toGroup(name, groupBy, totals)),
      })),
    };
  }

  /**
   * The names of the MAX_SERIES_GROUPS groups with the most requests in [from, to) (ties by name), or null when
   * there are no more than that: then every group is named. One pass over the rollups, summed in SQL.
   */
  private largestGroups(nameSql: string, where: { sql: string; params: string[] }, from: number, to: number): string[] | null {
    const parts = spans(from, to, false);
    if (parts.length === 0) return null;
    const union = parts
      .map((span) => `SELECT ${nameSql} AS name, requests FROM ${span.table} WHERE ${span.column} >= ? AND ${span.column} < ?${where.sql}`)
      .join(' UNION ALL ');
    const sql = `SELECT name FROM (${union}) GROUP BY name ORDER BY SUM(requests) DESC, name LIMIT ?`;
    const params = parts.flatMap((span) => [span.from, span.to, ...where.params]);
    const names = (this.statement(sql).all(...params, MAX_SERIES_GROUPS + 1) as { name: string }[]).map((row) => row.name);
    return names.length > MAX_SERIES_GROUPS ? names.slice(0, MAX_SERIES_GROUPS) : null;
  }

  /**
   * The most rollup rows a report of [from, to) reads, whatever its filters (they only leave rows out), counted from
   * the tables' time index and only up to just past MAX_REPORT_ROWS, so counting stays cheap whatever the range.
   */
  reportRows(from: number, to: number, bucket: Bucket): number {
    const count = (parts: Span[]) =>
      parts.reduce((sum, span) => {
        const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${span.table} WHERE ${span.column} >= ? AND ${span.column} < ? LIMIT ?)`;
        return sum + (this.statement(sql).get(span.from, span.to, MAX_REPORT_ROWS + 1) as { n: number }).n;
      }, 0);
    return Math.max(count(spans(from, to, false)), count(spans(from, to, bucket === 'hour')));
  }

  totals(filters: UsageFilters, from: number, to: number): UsageTotals {
    const where = whereClause(filters);
    const totals = emptyTotals();
    for (const span of spans(from, to, false)) {
      const sql = `SELECT ${SUMS} FROM ${span.table} WHERE ${span.column} >= ? AND ${span.column} < ?${where.sql}`;
      const row = this.statement(sql).get(span.from, span.to, ...where.params) as SumRow;
      if (row.requests !== null) addInto(totals, toTotals(row));
    }
    return totals;
  }

  /** One key's spend in the calendar month (UTC) holding `now`. A month is whole days: usage_daily alone answers. */
  monthToDate(keyId: string, now: number): KeySpend {
    const sql = `SELECT ${SPEND} FROM usage_daily WHERE key_id = ? AND day >= ? AND day < ?`;
    return toKeySpend(this.statement(sql).get(keyId, startOfMonth(now), startOfNextMonth(now)) as SumRow & { tokens: number | null });
  }

  /** Every key's spend in the calendar month (UTC) holding `now`; keys without requests this month are absent. */
  keysMonthToDate(now: number): Map<string, KeySpend> {
    const sql = `SELECT key_id AS keyId, ${SPEND} FROM usage_daily
      WHERE day >= ? AND day < ? AND key_id <> '' GROUP BY key_id`;
    const rows = this.statement(sql).all(startOfMonth(now), startOfNextMonth(now)) as (SumRow & { tokens: number | null; keyId: string })[];
    return new Map(rows.map((row) => [row.keyId, toKeySpend(row)]));
  }

  /**
   * The events of [from, to) as CSV (RFC 4180, header first, oldest first), a chunk per window of the event log.
   * A window is the next CSV_ROWS_PER_CHUNK events of the range in time order (then by id), found in the time
   * index alone; its rows that match the filters are read and written as one chunk, and the event loop gets a turn
   * before the next window. So no statement reads more than one window, however rare the filtered rows, none stays
   * open across a turn (the connection stays free for the events being recorded), and a large export neither sits
   * in memory nor holds up the requests served meanwhile. Cost is empty for unpriced requests.
   */
  async *exportEventsCsv(query: ExportQuery): AsyncGenerator<string> {
    const where = whereClause(query.filters);
    // `at >= ?` first: the time index then starts at the window instead of at the start of the range.
    const windowEnd = this.statement('SELECT at, id FROM usage_events WHERE at >= ? AND at < ? AND (at, id) > (?, ?) ORDER BY at, id LIMIT 1 OFFSET ?');
    const rowsSql = `SELECT * FROM usage_events WHERE at >= ? AND at <= ? AND at < ? AND (at, id) > (?, ?) AND (at, id) <= (?, ?)${where.sql} ORDER BY at, id`;
    let chunk = csvRecord(CSV_HEADER);
    let after = { at: query.from - 1, id: 0 };
    for (;;) {
      const start = Math.max(query.from, after.at);
      // The window's last event; past the range's last one, the window runs to the end of the range.
      const last = (windowEnd.get(start, query.to, after.at, after.id, CSV_ROWS_PER_CHUNK - 1) as { at: number; id: number } | undefined) ?? {
        at: query.to,
        id: Number.MAX_SAFE_INTEGER,
      };
      const rows = this.statement(rowsSql).all(start, last.at, query.to, after.at, after.id, last.at, last.id, ...where.params) as EventRow[];
      for (const row of rows) chunk += csvRecord(eventValues(row));
      if (chunk !== '') yield chunk;
      chunk = '';
      if (last.at >= query.to) return;
      after = last;
      await nextTurn();
    }
  }
}

/** Groups by name, `other` (null) last. */
function compareGroupNames(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function toGroup(name: string | null, groupBy: GroupBy | null, totals: UsageTotals): UsageGroup {
  if (name === null) return { name: null, other: true, ...totals };
  return { name: groupBy === null || name === '' ? null : name, ...totals };
}

/** ` AND column = ?` for each filter that is set, with its parameters in the same order. */
export function whereClause(filters: UsageFilters): { sql: string; params: string[] } {
  let sql = '';
  const params: string[] = [];
  for (const field of Object.keys(FILTER_COLUMNS) as (keyof UsageFilters)[]) {
    const value = filters[field];
    if (value === undefined) continue;
    sql += ` AND ${FILTER_COLUMNS[field]} = ?`;
    params.push(value);
  }
  return { sql, params };
}

function eventValues(row: EventRow): CsvValue[] {
  return [
    row.at, new Date(row.at).toISOString(), row.key_id, row.account_id, row.provider, row.model_requested, row.model_served,
    row.endpoint, row.input_tokens, row.output_tokens, row.cache_read_tokens, row.cache_write_tokens, row.reasoning_tokens,
    row.tokens_estimated === 1 ? 'true' : 'false', row.latency_ms, row.ttft_ms, row.status, row.outcome, row.error, row.cost_usd, row.cost_basis,
    // One cell: the targets in the order they were tried (the last served, when the request succeeded).
    targetsTriedOf(row.targets_tried).join(' '),
  ];
}

/** The target ids of the targets_tried column (a JSON array, migration 6), in the order they were tried. */
export function targetsTriedOf(column: string): string[] {
  const parsed: unknown = JSON.parse(column);
  return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
}
