import type { Database, Statement } from 'better-sqlite3';
import { statementCache } from './statement-cache.js';
import type { UsageEvent, UsageOutcome } from './types.js';
import { whereClause, type EventRow, type UsageFilters } from './usage-stats.js';

/**
 * The newest requests one by one, for the dashboard's Requests view. Reads the event log (so it reaches back as
 * far as `usage.retention-days`), newest first, a page at a time: `before` is the id of the last row of the
 * previous page, which stays right while new requests keep arriving (an offset would shift under them).
 */

export interface RecentRequestsQuery {
  filters: UsageFilters;
  outcome?: UsageOutcome;
  /** Only rows with an id below this one (the previous page's `next`). */
  before?: number;
  limit: number;
}

/** One finished request as stored: the usage event, its row id and its price (null: the model has none). */
export interface RecentRequest extends UsageEvent {
  id: number;
  costUsd: number | null;
}

export interface RecentRequestsPage {
  requests: RecentRequest[];
  /** Pass as `before` for the next (older) page; null when this page reached the oldest row. */
  next: number | null;
}

export class RecentRequests {
  private readonly statement: (sql: string) => Statement;

  constructor(db: Database) {
    this.statement = statementCache(db);
  }

  page(query: RecentRequestsQuery): RecentRequestsPage {
    const where = whereClause(query.filters);
    let sql = `SELECT * FROM usage_events WHERE 1 = 1${where.sql}`;
    const params: (string | number)[] = [...where.params];
    if (query.outcome !== undefined) {
      sql += ' AND outcome = ?';
      params.push(query.outcome);
    }
    if (query.before !== undefined) {
      sql += ' AND id < ?';
      params.push(query.before);
    }
    // One row more than asked tells whether an older page exists without a second query.
    sql += ' ORDER BY id DESC LIMIT ?';
    params.push(query.limit + 1);
    const rows = this.statement(sql).all(...params) as EventRow[];
    const more = rows.length > query.limit;
    const requests = rows.slice(0, query.limit).map(recentRequestOf);
    return { requests, next: more ? (requests.at(-1)?.id ?? null) : null };
  }
}

function recentRequestOf(row: EventRow): RecentRequest {
  return {
    id: row.id,
    at: row.at,
    keyId: row.key_id,
    accountId: row.account_id,
    provider: row.provider,
    modelRequested: row.model_requested,
    modelServed: row.model_served,
    endpoint: row.endpoint,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    reasoningTokens: row.reasoning_tokens,
    tokensEstimated: row.tokens_estimated === 1,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    status: row.status,
    outcome: row.outcome as UsageOutcome,
    error: row.error,
    costUsd: row.cost_usd,
  };
}
