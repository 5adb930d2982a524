/**
 * The schema of switchboard.db as ONE ordered list. A migration's version is its position + 1, recorded in
 * `PRAGMA user_version` (database.ts). Never edit or reorder a migration that has shipped: append a new one.
 *
 * Every table is STRICT, so a wrong type (a boolean, a float token count) fails loudly instead of being
 * stored as whatever SQLite's type affinity makes of it.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: managed API keys, the event log, and the hourly and daily rollups the dashboard reads.
  `
  CREATE TABLE api_keys (
    id                      TEXT PRIMARY KEY,
    hash                    TEXT NOT NULL UNIQUE,   -- sha256 hex of the secret; the secret itself is never stored
    prefix                  TEXT NOT NULL,
    label                   TEXT NOT NULL,
    owner                   TEXT,
    role                    TEXT NOT NULL CHECK (role IN ('admin', 'client')),
    created_at              INTEGER NOT NULL,
    last_used_at            INTEGER,
    enabled                 INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    expires_at              INTEGER,
    allowed_models          TEXT,                   -- JSON array of model names, NULL: all models
    monthly_token_budget    INTEGER,
    monthly_cost_budget_usd REAL,
    rpm_limit               INTEGER,
    concurrency_limit       INTEGER,
    revoked_at              INTEGER
  ) STRICT;

  -- One row per finished request. key_id is deliberately not a foreign key: config keys ("config:…") and the
  -- owner key are not rows of api_keys, and deleting a key must not erase its history.
  CREATE TABLE usage_events (
    id                 INTEGER PRIMARY KEY,
    at                 INTEGER NOT NULL,
    key_id             TEXT,
    account_id         TEXT,
    provider           TEXT,
    model_requested    TEXT,
    model_served       TEXT,
    endpoint           TEXT NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER,
    tokens_estimated   INTEGER NOT NULL CHECK (tokens_estimated IN (0, 1)),
    latency_ms         INTEGER NOT NULL,
    ttft_ms            INTEGER,
    status             INTEGER NOT NULL,
    outcome            TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'aborted')),
    error              TEXT,
    cost_usd           REAL                         -- NULL: the model has no price (unpriced), never 0
  ) STRICT;
  CREATE INDEX usage_events_at ON usage_events (at);
  CREATE INDEX usage_events_key_at ON usage_events (key_id, at);

  -- Sums per hour and per day by dimension, upserted in the same transaction as each event, so dashboard queries
  -- read a few rows per hour or day instead of every event, and survive pruning of the events. The daily table is
  -- what keeps day, month and month-to-date queries over a year fast (an hour holds up to one row per distinct key ×
  -- account × model, so a year of hours can be millions of rows); the hourly one serves hour buckets and the
  -- partial days at the edges of a range. '' stands for "none" in the key columns because NULLs are all distinct
  -- to a PRIMARY KEY and would never add up into one row. WITHOUT ROWID clusters the rows by time, so a range is
  -- one contiguous read.
  CREATE TABLE usage_hourly (
    hour               INTEGER NOT NULL,            -- ms epoch floored to the hour (UTC)
    key_id             TEXT NOT NULL DEFAULT '',
    account_id         TEXT NOT NULL DEFAULT '',
    provider           TEXT NOT NULL DEFAULT '',
    model_served       TEXT NOT NULL DEFAULT '',
    model_requested    TEXT NOT NULL DEFAULT '',
    requests           INTEGER NOT NULL DEFAULT 0,
    errors             INTEGER NOT NULL DEFAULT 0,
    aborted            INTEGER NOT NULL DEFAULT 0,
    input_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens      INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd           REAL NOT NULL DEFAULT 0,     -- sum over the priced requests only
    unpriced_requests  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, key_id, account_id, provider, model_served, model_requested)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE usage_daily (
    day                INTEGER NOT NULL,            -- ms epoch floored to the UTC day
    key_id             TEXT NOT NULL DEFAULT '',
    account_id         TEXT NOT NULL DEFAULT '',
    provider           TEXT NOT NULL DEFAULT '',
    model_served       TEXT NOT NULL DEFAULT '',
    model_requested    TEXT NOT NULL DEFAULT '',
    requests           INTEGER NOT NULL DEFAULT 0,
    errors             INTEGER NOT NULL DEFAULT 0,
    aborted            INTEGER NOT NULL DEFAULT 0,
    input_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens      INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd           REAL NOT NULL DEFAULT 0,
    unpriced_requests  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, key_id, account_id, provider, model_served, model_requested)
  ) STRICT, WITHOUT ROWID;
  -- One key's month-to-date (asked by the key policy on every request of a key with a budget) reads only its rows.
  CREATE INDEX usage_daily_key_day ON usage_daily (key_id, day);
  `,
  // 2: the part of the cache writes made with the 1-hour lifetime, which is priced at its own rate.
  `
  ALTER TABLE usage_events ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
  `,
  // 3: texts a client could make megabytes long (the model it named, the path it called, an error quoting them) are
  // bounded when recorded since; rows recorded before are cut to the same bounds (proxy/bounded-text.ts), so they no
  // longer make /admin/requests or the export huge. The rollups always kept model names short.
  `
  UPDATE usage_events SET error = substr(error, 1, 2000) WHERE length(error) > 2000;
  UPDATE usage_events SET model_requested = substr(model_requested, 1, 256) WHERE length(model_requested) > 256;
  UPDATE usage_events SET endpoint = substr(endpoint, 1, 256) WHERE length(endpoint) > 256;
  `,
  // 4: the usage queue (usage-queue.ts): per journal file of a server run, the last of its lines committed to the
  // ledger, noted in the same transaction as the line's rows, so a start after a kill commits each line exactly once.
  `
  CREATE TABLE usage_queue (
    journal   TEXT PRIMARY KEY,
    committed INTEGER NOT NULL
  ) STRICT;
  `,
  // 5: what a request's cost stands for (issue #14): money an API key is billed, or what a subscription's request
  // would have cost at API prices. The rollups keep the billed part apart; the rest of cost_usd is the
  // subscription-equivalent. Every request recorded before came from a Claude subscription.
  `
  ALTER TABLE usage_events ADD COLUMN cost_basis TEXT CHECK (cost_basis IN ('billed', 'subscription'));
  UPDATE usage_events SET cost_basis = 'subscription' WHERE provider IS NOT NULL;
  ALTER TABLE usage_hourly ADD COLUMN billed_cost_usd REAL NOT NULL DEFAULT 0;
  ALTER TABLE usage_daily ADD COLUMN billed_cost_usd REAL NOT NULL DEFAULT 0;
  `,
  // 6: which targets of the routing table's fallback chain a request tried, in order, as a JSON array of target
  // ids; `provider` stays the one that served. Rows from before tried one target and say '[]'.
  `
  ALTER TABLE usage_events ADD COLUMN targets_tried TEXT NOT NULL DEFAULT '[]';
  -- A managed key may be pinned to one target (a name the routing table knows) or one account: its requests go
  -- there and nowhere else. At most one of the two is set.
  ALTER TABLE api_keys ADD COLUMN pinned_target TEXT;
  ALTER TABLE api_keys ADD COLUMN pinned_account TEXT;
  `,
];

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;
