import type { Database, Statement } from 'better-sqlite3';
import { DAY_MS, HOUR_MS, startOfDay, startOfHour, startOfMonth, startOfNextMonth } from './calendar.js';
import { csvRecord, type CsvValue } from './csv.js';
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
  unpricedRequests: number;
}

export interface UsageGroup extends UsageTotals {
  /** The group's key, model, provider or account; null when groupBy is null or the requests had none. */
  name: string | null;
}

export interface TimeSeries {
  /** Every bucket from `from` to `to`, empty ones included, oldest first; groups sorted by name. */
  buckets: { start: number; groups: UsageGroup[] }[];
}

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
  SUM(reasoning_tokens) AS reasoningTokens, SUM(cost_usd) AS costUsd, SUM(unpriced_requests) AS unpricedRequests`;

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
}

const CSV_HEADER = [
  'at', 'time_utc', 'key_id', 'account_id', 'provider', 'model_requested', 'model_served', 'endpoint',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'tokens_estimated',
  'latency_ms', 'ttft_ms', 'status', 'outcome', 'error', 'cost_usd',
];

/** Rows gathered into one write: far fewer calls into the sink (an HTTP response) than one per row. */
const CSV_ROWS_PER_CHUNK = 500;

export function emptyTotals(): UsageTotals {
  return {
    requests: 0, errors: 0, aborted: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
    reasoningTokens: 0, costUsd: null, unpricedRequests: 0,
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
  target.unpricedRequests += add.unpricedRequests;
}

function toKeySpend(row: SumRow & { tokens: number | null }): KeySpend {
  return { tokens: row.tokens ?? 0, costUsd: row.costUsd ?? 0, requests: row.requests ?? 0, unpricedRequests: row.unpricedRequests ?? 0 };
}

/** Tokens that count against a monthly token budget: everything processed, cache included (reasoning is in output). */
const SPEND = `
  SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_tokens) AS tokens,
  SUM(cost_usd) AS costUsd, SUM(requests) AS requests, SUM(unpriced_requests) AS unpricedRequests`;

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

  timeSeries(query: TimeSeriesQuery): TimeSeries {
    const { from, to, bucket, groupBy, filters } = query;
    const nameSql = groupBy === null ? "''" : GROUP_COLUMNS[groupBy];
    const where = whereClause(filters);

    const buckets = new Map<number, Map<string, UsageTotals>>();
    for (const start of bucketStarts(from, to, bucket)) buckets.set(start, new Map());
    for (const span of spans(from, to, bucket === 'hour')) {
      // SQL groups by hour or by day; months have uneven lengths, so their days are folded together below.
      const bucketSql = span.column === 'day' || bucket === 'hour' ? span.column : `hour - hour % ${DAY_MS}`;
      const sql = `SELECT ${bucketSql} AS bucket, ${nameSql} AS name, ${SUMS} FROM ${span.table}
        WHERE ${span.column} >= ? AND ${span.column} < ?${where.sql} GROUP BY 1, 2`;
      for (const row of this.statement(sql).all(span.from, span.to, ...where.params) as GroupRow[]) {
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
        groups: [...groups]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, totals]) => ({ name: groupBy === null || name === '' ? null : name, ...totals })),
      })),
    };
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
   * The events of [from, to) as CSV (RFC 4180, header first, oldest first), streamed from the database cursor so a
   * large export never sits in memory. Synchronous: the caller's `write` must buffer (an HTTP response does).
   * Cost is empty for unpriced requests.
   */
  exportEventsCsv(query: ExportQuery, write: (chunk: string) => void): void {
    const where = whereClause(query.filters);
    const sql = `SELECT * FROM usage_events WHERE at >= ? AND at < ?${where.sql} ORDER BY at, id`;
    let chunk = csvRecord(CSV_HEADER);
    let rows = 0;
    for (const row of this.statement(sql).iterate(query.from, query.to, ...where.params) as IterableIterator<EventRow>) {
      chunk += csvRecord(eventValues(row));
      if (++rows % CSV_ROWS_PER_CHUNK === 0) {
        write(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') write(chunk);
  }
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
    row.tokens_estimated === 1 ? 'true' : 'false', row.latency_ms, row.ttft_ms, row.status, row.outcome, row.error, row.cost_usd,
  ];
}
