import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH } from '../bounded-text.js';
import { tempDir } from './__fixtures__/usage-event.js';
import { databasePath, migrate, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('openDatabase', () => {
  it('creates the folder and a 0600 file in WAL mode with the expected settings', () => {
    const path = databasePath(join(tempDir(), 'nested', 'data'));
    expect(path.endsWith(join('data', 'switchboard.db'))).toBe(true);
    const db = openDatabase(path);
    db.exec("INSERT INTO api_keys (id, hash, prefix, label, role, created_at) VALUES ('k', 'h', 'sk-sb-', 'l', 'client', 1)");
    expect(mode(path)).toBe(0o600);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('tightens the mode of an existing file', () => {
    const path = databasePath(tempDir());
    new BetterSqlite3(path).close();
    openDatabase(path).close();
    expect(mode(path)).toBe(0o600);
  });

  it('applies the migrations once and keeps the data on reopening', () => {
    const path = databasePath(tempDir());
    const first = openDatabase(path);
    expect(schemaVersion(first)).toBe(SCHEMA_VERSION);
    first.exec("INSERT INTO api_keys (id, hash, prefix, label, role, created_at) VALUES ('k', 'h', 'sk-sb-', 'l', 'admin', 1)");
    first.close();
    const second = openDatabase(path);
    expect(schemaVersion(second)).toBe(SCHEMA_VERSION);
    expect(second.prepare('SELECT count(*) AS n FROM api_keys').get()).toEqual({ n: 1 });
    second.close();
  });

  it('creates api_keys with exactly the agreed columns', () => {
    const db = openDatabase(databasePath(tempDir()));
    const columns = (db.pragma('table_info(api_keys)') as { name: string }[]).map((column) => column.name);
    expect(columns).toEqual([
      'id', 'hash', 'prefix', 'label', 'owner', 'role', 'created_at', 'last_used_at', 'enabled', 'expires_at',
      'allowed_models', 'monthly_token_budget', 'monthly_cost_budget_usd', 'rpm_limit', 'concurrency_limit', 'revoked_at', 'pinned_target', 'pinned_account',
    ]);
    expect(() => db.exec("INSERT INTO api_keys (id, hash, prefix, label, role, created_at) VALUES ('k', 'h', 'p', 'l', 'root', 1)")).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a database written by a newer Switchboard', () => {
    const path = databasePath(tempDir());
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(`schema version ${SCHEMA_VERSION + 1}, but this Switchboard knows only up to version ${SCHEMA_VERSION}`);
  });
});

describe('migrate', () => {
  it('runs only the pending migrations, numbered by their position', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, ['CREATE TABLE a (x)']);
    expect(schemaVersion(db)).toBe(1);
    migrate(db, ['CREATE TABLE a (x)', 'CREATE TABLE b (x)']);
    expect(schemaVersion(db)).toBe(2);
    migrate(db, ['CREATE TABLE a (x)', 'CREATE TABLE b (x)']); // nothing pending: would fail if re-run
    expect(schemaVersion(db)).toBe(2);
  });

  it('rolls a failing migration back whole, version included', () => {
    const db = new BetterSqlite3(':memory:');
    expect(() => migrate(db, ['CREATE TABLE a (x)', 'CREATE TABLE b (x); CREATE TABLE broken ('])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
  });

  it('cuts the over-long texts that versions before 3 stored to the bounds record() keeps now', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    const huge = 'x'.repeat(5_000_000);
    db.prepare(
      `INSERT INTO usage_events (at, model_requested, endpoint, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
        tokens_estimated, latency_ms, status, outcome, error) VALUES (1, ?, ?, 0, 0, 0, 0, 0, 1, 404, 'error', ?)`,
    ).run(huge, huge, huge);
    migrate(db, MIGRATIONS);
    const row = db.prepare('SELECT length(model_requested) AS model, length(endpoint) AS endpoint, length(error) AS error FROM usage_events').get();
    expect(row).toEqual({ model: MAX_NAME_LENGTH, endpoint: MAX_NAME_LENGTH, error: MAX_MESSAGE_LENGTH });
  });

  it("marks the cost of every request recorded before version 5 as a subscription's, and leaves the billed part at 0", () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, MIGRATIONS.slice(0, 4));
    const insert = db.prepare(
      `INSERT INTO usage_events (at, provider, endpoint, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
        tokens_estimated, latency_ms, status, outcome, cost_usd) VALUES (1, ?, '/v1/messages', 0, 0, 0, 0, 0, 1, 200, 'ok', 0.5)`,
    );
    insert.run('anthropic');
    insert.run(null);
    db.prepare("INSERT INTO usage_daily (day, provider, requests, cost_usd) VALUES (0, 'anthropic', 1, 0.5)").run();
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT provider, cost_basis FROM usage_events ORDER BY id').all()).toEqual([
      { provider: 'anthropic', cost_basis: 'subscription' },
      { provider: null, cost_basis: null },
    ]);
    expect(db.prepare('SELECT cost_usd, billed_cost_usd FROM usage_daily').get()).toEqual({ cost_usd: 0.5, billed_cost_usd: 0 });
  });

  it('has one migration per version', () => {
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });
});
