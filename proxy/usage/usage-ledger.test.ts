import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH } from '../bounded-text.js';
import { tempDir, usageEvent } from './__fixtures__/usage-event.js';
import { databasePath, openDatabase } from './database.js';
import { createPricing } from './pricing.js';
import { startOfNextMonth, UsageLedger } from './usage-ledger.js';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function setup(now = () => Date.UTC(2026, 0, 20)): { db: Database; ledger: UsageLedger } {
  const db = openDatabase(databasePath(tempDir()));
  open.push(db);
  return { db, ledger: new UsageLedger(db, createPricing(), now) };
}

function count(db: Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('UsageLedger.record', () => {
  it('writes the event and adds it into its hour and its day of the rollups', () => {
    const { db, ledger } = setup();
    const { costUsd } = ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15, 12, 10), inputTokens: 1000, outputTokens: 500 }));
    expect(costUsd).toBeCloseTo((1000 * 3 + 500 * 15) / 1e6, 12);
    ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15, 12, 50), outcome: 'error', status: 529, error: 'overloaded', latencyMs: 12.7 }));
    ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15, 13, 0) }));
    ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15, 13, 5), keyId: null, accountId: null, provider: null, modelServed: null, inputTokens: 0, outputTokens: 0 }));

    expect(count(db, 'usage_events')).toBe(4);
    expect(db.prepare('SELECT latency_ms, cost_usd FROM usage_events WHERE status = 529').get()).toEqual({ latency_ms: 13, cost_usd: expect.any(Number) });
    const hours = db.prepare('SELECT hour, key_id, model_served, requests, errors, input_tokens, unpriced_requests FROM usage_hourly ORDER BY hour, key_id').all();
    expect(hours).toEqual([
      { hour: Date.UTC(2026, 0, 15, 12), key_id: 'key-a', model_served: 'claude-sonnet-4-5-20250929', requests: 2, errors: 1, input_tokens: 2000, unpriced_requests: 0 },
      // Missing dimensions are '' so that they still add up into one row.
      { hour: Date.UTC(2026, 0, 15, 13), key_id: '', model_served: '', requests: 1, errors: 0, input_tokens: 0, unpriced_requests: 0 },
      { hour: Date.UTC(2026, 0, 15, 13), key_id: 'key-a', model_served: 'claude-sonnet-4-5-20250929', requests: 1, errors: 0, input_tokens: 1000, unpriced_requests: 0 },
    ]);
    const days = db.prepare('SELECT day, key_id, requests, errors, input_tokens FROM usage_daily ORDER BY day, key_id').all();
    expect(days).toEqual([
      { day: Date.UTC(2026, 0, 15), key_id: '', requests: 1, errors: 0, input_tokens: 0 },
      { day: Date.UTC(2026, 0, 15), key_id: 'key-a', requests: 3, errors: 1, input_tokens: 3000 },
    ]);
  });

  it('stores an unpriced request with a NULL cost and counts it', () => {
    const { db, ledger } = setup();
    expect(ledger.record(usageEvent({ modelServed: 'claude-unreleased-9' })).costUsd).toBeNull();
    ledger.record(usageEvent());
    expect(db.prepare('SELECT cost_usd FROM usage_events ORDER BY id').all()).toEqual([{ cost_usd: null }, { cost_usd: expect.any(Number) }]);
    expect(ledger.monthToDate('key-a')).toEqual({ tokens: 3000, costUsd: expect.closeTo(0.0105, 12), requests: 2, unpricedRequests: 1 });
  });

  it('writes both tables or neither', () => {
    const { db, ledger } = setup();
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON usage_hourly BEGIN SELECT RAISE(ABORT, 'rollup refused'); END");
    expect(() => ledger.record(usageEvent())).toThrow('rollup refused');
    expect(count(db, 'usage_events')).toBe(0);
    db.exec('DROP TRIGGER refuse');
    ledger.record(usageEvent());
    expect([count(db, 'usage_events'), count(db, 'usage_hourly'), count(db, 'usage_daily')]).toEqual([1, 1, 1]);
  });

  it('bounds the texts a client chose, so no request grows the ledger by megabytes', () => {
    const { db, ledger } = setup();
    const huge = 'x'.repeat(5_000_000);
    ledger.record(usageEvent({ modelRequested: huge, modelServed: null, endpoint: `/v1/${huge}`, outcome: 'error', status: 404, error: `model "${huge}" is not served` }));
    const row = db.prepare('SELECT length(model_requested) AS model, length(endpoint) AS endpoint, length(error) AS error FROM usage_events').get();
    expect(row).toEqual({ model: MAX_NAME_LENGTH, endpoint: MAX_NAME_LENGTH, error: MAX_MESSAGE_LENGTH });
    const rollup = db.prepare('SELECT length(model_requested) AS model FROM usage_hourly UNION ALL SELECT length(model_requested) FROM usage_daily').all();
    expect(rollup).toEqual([{ model: MAX_NAME_LENGTH }, { model: MAX_NAME_LENGTH }]);
  });

  it('is a savepoint inside a caller’s transaction (a batch)', () => {
    const { db, ledger } = setup();
    db.transaction(() => {
      for (let i = 0; i < 10; i++) ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15, i) }));
    })();
    expect([count(db, 'usage_events'), count(db, 'usage_hourly'), count(db, 'usage_daily')]).toEqual([10, 10, 1]);
  });
});

describe('month to date', () => {
  const lastMsOfJanuary = Date.UTC(2026, 1, 1) - 1;

  it('counts a calendar month in UTC, to its last millisecond', () => {
    const { ledger } = setup();
    ledger.record(usageEvent({ at: Date.UTC(2025, 11, 31, 23, 59, 59, 999), inputTokens: 1 }));
    ledger.record(usageEvent({ at: Date.UTC(2026, 0, 1), inputTokens: 10, outputTokens: 0 }));
    ledger.record(usageEvent({ at: lastMsOfJanuary, inputTokens: 100, outputTokens: 0, cacheReadTokens: 5, cacheWriteTokens: 7 }));
    ledger.record(usageEvent({ at: Date.UTC(2026, 1, 1), inputTokens: 1000, outputTokens: 0 }));

    expect(ledger.monthToDate('key-a', Date.UTC(2026, 0, 1)).tokens).toBe(122);
    expect(ledger.monthToDate('key-a', lastMsOfJanuary).tokens).toBe(122);
    expect(ledger.monthToDate('key-a', Date.UTC(2026, 1, 1))).toEqual({ tokens: 1000, costUsd: 0.003, requests: 1, unpricedRequests: 0 });
    expect(ledger.monthToDate('key-b', lastMsOfJanuary)).toEqual({ tokens: 0, costUsd: 0, requests: 0, unpricedRequests: 0 });
  });

  it('names the moment budgets start again', () => {
    expect(startOfNextMonth(Date.UTC(2025, 11, 31, 23, 59, 59, 999))).toBe(Date.UTC(2026, 0, 1));
    expect(startOfNextMonth(Date.UTC(2026, 1, 1))).toBe(Date.UTC(2026, 2, 1));
  });
});

describe('UsageLedger.prune', () => {
  it('deletes old events and keeps the rollup', () => {
    const now = Date.UTC(2026, 0, 31);
    const { db, ledger } = setup(() => now);
    ledger.record(usageEvent({ at: now - 31 * 86_400_000 }));
    ledger.record(usageEvent({ at: now - 30 * 86_400_000 }));
    ledger.record(usageEvent({ at: now - 1 }));
    const before = ledger.totals({}, 0, now);

    expect(ledger.prune(30)).toBe(1);
    expect(count(db, 'usage_events')).toBe(2);
    expect(ledger.totals({}, 0, now)).toEqual(before);
    expect(ledger.prune(30)).toBe(0);
  });
});

describe('durability', () => {
  it('keeps every recorded event when the process is killed with SIGKILL', () => {
    const path = databasePath(tempDir());
    const events = 200;
    const module = (name: string): string => JSON.stringify(new URL(`./${name}`, import.meta.url).href);
    const child = `
      const { openDatabase } = await import(${module('database.ts')});
      const { createPricing } = await import(${module('pricing.ts')});
      const { UsageLedger } = await import(${module('usage-ledger.ts')});
      const { usageEvent } = await import(${module('__fixtures__/usage-event.ts')});
      const ledger = new UsageLedger(openDatabase(process.env.SB_DB), createPricing());
      for (let i = 0; i < Number(process.env.SB_EVENTS); i++) ledger.record(usageEvent({ at: Date.UTC(2026, 0, 1) + i * 60_000 }));
      process.kill(process.pid, 'SIGKILL');
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, SB_DB: path, SB_EVENTS: String(events) },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.signal).toBe('SIGKILL');

    const db = openDatabase(path);
    open.push(db);
    expect(count(db, 'usage_events')).toBe(events);
    expect(new UsageLedger(db, createPricing()).totals({}, 0, Date.UTC(2027, 0, 1)).requests).toBe(events);
  });
});
