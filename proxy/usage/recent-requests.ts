import type { Database, Statement } from 'better-sqlite3';
import { nextTurn } from './next-turn.js';
import { statementCache } from './statement-cache.js';
import type { UsageEvent, UsageOutcome } from './types.js';
import { targetsTriedOf, whereClause, type EventRow, type UsageFilters } from './usage-stats.js';

/**
 * The newest requests one by one, for the dashboard's Requests view. Reads the event log (so it reaches back as
 * far as `usage.retention-days`), newest first, a page at a time: `before` is the id of the last row of the
 * previous page, which stays right while new requests keep arriving (an offset would shift under them).
 */

/**
 * Event ids one query looks through. A filter that matches few rows would otherwise scan the whole log in one
 * statement (300 ms over a few million events); window by window, the event loop gets a turn in between.
 */
const SCAN_WINDOW_IDS = 20_000;

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

  constructor(
    db: Database,
    private readonly windowIds = SCAN_WINDOW_IDS,
  ) {
    this.statement = statementCache(db);
  }

  /** Newest first, from `before` down; looks through the log a window of ids at a time until the page is full. */
  async page(query: RecentRequestsQuery): Promise<RecentRequestsPage> {
    const where = whereClause(query.filters);
    // NOT INDEXED: by the window of ids (the rowid), never by a filter's index, which would read every row of a key.
    let sql = `SELECT * FROM usage_events NOT INDEXED WHERE id < ? AND id >= ?${where.sql}`;
    const params: (string | number)[] = [...where.params];
    if (query.outcome !== undefined) {
      sql += ' AND outcome = ?';
      params.push(query.outcome);
    }
    sql += ' ORDER BY id DESC LIMIT ?';
    // Each alone, so SQLite reads them from the ends of the index instead of scanning the table.
    const lowest = (this.statement('SELECT min(id) AS id FROM usage_events').get() as { id: number | null }).id;
    const highest = (this.statement('SELECT max(id) AS id FROM usage_events').get() as { id: number | null }).id;
    const rows: EventRow[] = [];
    if (lowest === null || highest === null) return { requests: [], next: null };
    let below = Math.min(query.before ?? Number.MAX_SAFE_INTEGER, highest + 1);
    // One row more than asked tells whether an older page exists without another query.
    while (below > lowest && rows.length <= query.limit) {
      const from = Math.max(lowest, below - this.windowIds);
      rows.push(...(this.statement(sql).all(below, from, ...params, query.limit + 1 - rows.length) as EventRow[]));
      below = from;
      if (below > lowest && rows.length <= query.limit) await nextTurn();
    }
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
    targetsTried: targetsTriedOf(row.targets_tried),
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

