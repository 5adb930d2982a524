import type { Database, Statement } from 'better-sqlite3';
import { boundOptionalText, boundText, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH } from '../bounded-text.js';
import { DAY_MS, startOfDay, startOfHour } from './calendar.js';
import type { Pricing } from './pricing.js';
import { RecentRequests, type RecentRequestsPage, type RecentRequestsQuery } from './recent-requests.js';
import type { CostBasis, KeySpend, UsageEvent } from './types.js';
import { UsageStats, type Bucket, type ExportQuery, type TimeSeries, type TimeSeriesQuery, type UsageFilters, type UsageTotals } from './usage-stats.js';

export { startOfMonth, startOfNextMonth } from './calendar.js';

/** One event as the statements bind it: SQLite has no booleans, and the rollups need the hour and day. */
type EventParams = Omit<UsageEvent, 'tokensEstimated' | 'cacheWrite1hTokens' | 'targetsTried' | 'costBasis'> & {
  costBasis: CostBasis | null;
  cacheWrite1hTokens: number;
  hour: number;
  day: number;
  tokensEstimated: 0 | 1;
  /** The targets tried, as a JSON array. */
  targetsTried: string;
  costUsd: number | null;
  isError: 0 | 1;
  isAborted: 0 | 1;
  isUnpriced: 0 | 1;
};

const INSERT_EVENT = `
  INSERT INTO usage_events (at, key_id, account_id, provider, model_requested, model_served, endpoint,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens,
    tokens_estimated, latency_ms, ttft_ms, status, outcome, error, cost_usd, cost_basis, targets_tried)
  VALUES (@at, @keyId, @accountId, @provider, @modelRequested, @modelServed, @endpoint,
    @inputTokens, @outputTokens, @cacheReadTokens, @cacheWriteTokens, @cacheWrite1hTokens, @reasoningTokens,
    @tokensEstimated, @latencyMs, @ttftMs, @status, @outcome, @error, @costUsd, @costBasis, @targetsTried)`;

/**
 * Adds one event into its row of a rollup table (usage_hourly by @hour, usage_daily by @day). '' stands for
 * "none" in the key columns: see the comment in migrations.ts.
 */
function upsertRollup(table: 'usage_hourly' | 'usage_daily', column: 'hour' | 'day'): string {
  return `
  INSERT INTO ${table} (${column}, key_id, account_id, provider, model_served, model_requested,
    requests, errors, aborted, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    cost_usd, billed_cost_usd, unpriced_requests)
  VALUES (@${column}, coalesce(@keyId, ''), coalesce(@accountId, ''), coalesce(@provider, ''), coalesce(@modelServed, ''),
    coalesce(@modelRequested, ''), 1, @isError, @isAborted, @inputTokens, @outputTokens, @cacheReadTokens,
    @cacheWriteTokens, coalesce(@reasoningTokens, 0), coalesce(@costUsd, 0),
    CASE WHEN @costBasis = 'billed' THEN coalesce(@costUsd, 0) ELSE 0 END, @isUnpriced)
  ON CONFLICT (${column}, key_id, account_id, provider, model_served, model_requested) DO UPDATE SET
    requests = requests + 1,
    errors = errors + excluded.errors,
    aborted = aborted + excluded.aborted,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
    reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
    cost_usd = cost_usd + excluded.cost_usd,
    billed_cost_usd = billed_cost_usd + excluded.billed_cost_usd,
    unpriced_requests = unpriced_requests + excluded.unpriced_requests`;
}

/** The columns are INTEGER in STRICT tables: a measured latency (performance.now()) or a token estimate may be fractional. */
function whole(value: number): number {
  return Math.round(value);
}

/**
 * The usage ledger: one row per finished request plus the hourly and daily rollups, written together. All calls are
 * synchronous (better-sqlite3); a record() is a few tens of microseconds.
 */
export class UsageLedger {
  private readonly stats: UsageStats;
  private readonly recent: RecentRequests;
  private readonly insertEvent: Statement<[EventParams]>;
  private readonly upsertHour: Statement<[EventParams]>;
  private readonly upsertDay: Statement<[EventParams]>;
  private readonly deleteBefore: Statement<[number]>;
  private readonly writeAll: (params: EventParams) => void;

  constructor(
    db: Database,
    private readonly pricing: Pricing,
    private readonly now: () => number = Date.now,
  ) {
    this.stats = new UsageStats(db);
    this.recent = new RecentRequests(db);
    this.insertEvent = db.prepare(INSERT_EVENT);
    this.upsertHour = db.prepare(upsertRollup('usage_hourly', 'hour'));
    this.upsertDay = db.prepare(upsertRollup('usage_daily', 'day'));
    this.deleteBefore = db.prepare('DELETE FROM usage_events WHERE at < ?');
    // One transaction: the event and its rollups are all written or none is, so the dashboard (rollups) and the
    // export (events) always agree. Inside a caller's transaction this becomes a savepoint.
    this.writeAll = db.transaction((params: EventParams) => {
      this.insertEvent.run(params);
      this.upsertHour.run(params);
      this.upsertDay.run(params);
    });
  }

  /**
   * Prices and stores one finished request. Throws if the database refuses it; the caller logs and carries on.
   * Its texts are bounded (the model a client named, the path it called, an error quoting its request): no request
   * can grow the ledger, or an answer read from it, by more than a few kilobytes.
   */
  record(event: UsageEvent): { costUsd: number | null } {
    const costUsd = this.pricing.costOf(event.modelServed, event);
    const at = whole(event.at);
    this.writeAll({
      at,
      hour: startOfHour(at),
      day: startOfDay(at),
      keyId: boundOptionalText(event.keyId, MAX_NAME_LENGTH),
      accountId: boundOptionalText(event.accountId, MAX_NAME_LENGTH),
      provider: boundOptionalText(event.provider, MAX_NAME_LENGTH),
      targetsTried: JSON.stringify((event.targetsTried ?? []).map((target) => boundText(target, MAX_NAME_LENGTH))),
      modelRequested: boundOptionalText(event.modelRequested, MAX_NAME_LENGTH),
      modelServed: boundOptionalText(event.modelServed, MAX_NAME_LENGTH),
      endpoint: boundText(event.endpoint, MAX_NAME_LENGTH),
      inputTokens: whole(event.inputTokens),
      outputTokens: whole(event.outputTokens),
      cacheReadTokens: whole(event.cacheReadTokens),
      cacheWriteTokens: whole(event.cacheWriteTokens),
      cacheWrite1hTokens: whole(event.cacheWrite1hTokens ?? 0),
      reasoningTokens: event.reasoningTokens === null ? null : whole(event.reasoningTokens),
      tokensEstimated: event.tokensEstimated ? 1 : 0,
      latencyMs: whole(event.latencyMs),
      ttftMs: event.ttftMs === null ? null : whole(event.ttftMs),
      status: event.status,
      outcome: event.outcome,
      error: boundOptionalText(event.error, MAX_MESSAGE_LENGTH),
      costUsd,
      // Events queued before the column existed came from a Claude subscription, as the migration assumes.
      costBasis: event.costBasis === undefined ? (event.provider ? 'subscription' : null) : event.costBasis,
      isError: event.outcome === 'error' ? 1 : 0,
      isAborted: event.outcome === 'aborted' ? 1 : 0,
      isUnpriced: costUsd === null ? 1 : 0,
    });
    return { costUsd };
  }

  /** One key's spend in the current calendar month (UTC), for its monthly budgets. */
  monthToDate(keyId: string, now: number = this.now()): KeySpend {
    return this.stats.monthToDate(keyId, now);
  }

  /**
   * Deletes the events older than `retentionDays` and returns how many went. The rollups are kept: the
   * dashboard's history and the month-to-date budgets stay whole, only the per-request detail (export) is lost.
   */
  prune(retentionDays: number): number {
    return this.deleteBefore.run(this.now() - retentionDays * DAY_MS).changes;
  }

  timeSeries(query: TimeSeriesQuery): Promise<TimeSeries> {
    return this.stats.timeSeries(query);
  }

  totals(filters: UsageFilters, from: number, to: number): UsageTotals {
    return this.stats.totals(filters, from, to);
  }

  /** How many rollup rows a report of the range reads at most (see MAX_REPORT_ROWS). */
  reportRows(from: number, to: number, bucket: Bucket): number {
    return this.stats.reportRows(from, to, bucket);
  }

  keysMonthToDate(now: number = this.now()): Map<string, KeySpend> {
    return this.stats.keysMonthToDate(now);
  }

  exportEventsCsv(query: ExportQuery): AsyncGenerator<string> {
    return this.stats.exportEventsCsv(query);
  }

  /** The newest requests, one page at a time (the dashboard's Requests view). */
  recentRequests(query: RecentRequestsQuery): Promise<RecentRequestsPage> {
    return this.recent.page(query);
  }
}
