import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, usageEvent } from './__fixtures__/usage-event.js';
import { databasePath, openDatabase } from './database.js';
import { createPricing } from './pricing.js';
import { RecentRequests } from './recent-requests.js';
import { UsageLedger } from './usage-ledger.js';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function ledgerWith(count: number): UsageLedger {
  const db = openDatabase(databasePath(tempDir()));
  open.push(db);
  const ledger = new UsageLedger(db, createPricing());
  for (let i = 0; i < count; i++) {
    ledger.record(
      usageEvent({
        at: Date.UTC(2026, 0, 15, 12, i),
        keyId: i % 2 === 0 ? 'key-a' : 'key-b',
        outcome: i === 3 ? 'error' : 'ok',
        status: i === 3 ? 529 : 200,
        error: i === 3 ? 'overloaded_error: Overloaded' : null,
        modelServed: i === 4 ? 'unpriced-model' : 'claude-sonnet-4-5-20250929',
      }),
    );
  }
  return ledger;
}

describe('recentRequests', () => {
  it('lists the newest first, a page at a time, until the oldest', async () => {
    const ledger = ledgerWith(5);
    const first = await ledger.recentRequests({ filters: {}, limit: 2 });
    expect(first.requests.map((r) => r.at)).toEqual([Date.UTC(2026, 0, 15, 12, 4), Date.UTC(2026, 0, 15, 12, 3)]);
    expect(first.next).not.toBeNull();
    const second = await ledger.recentRequests({ filters: {}, limit: 2, before: first.next ?? 0 });
    expect(second.requests.map((r) => r.at)).toEqual([Date.UTC(2026, 0, 15, 12, 2), Date.UTC(2026, 0, 15, 12, 1)]);
    const last = await ledger.recentRequests({ filters: {}, limit: 2, before: second.next ?? 0 });
    expect(last.requests).toHaveLength(1);
    expect(last.next).toBeNull();
  });

  it('keeps its place while new requests arrive', async () => {
    const ledger = ledgerWith(4);
    const first = await ledger.recentRequests({ filters: {}, limit: 2 });
    ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15, 13) }));
    const second = await ledger.recentRequests({ filters: {}, limit: 2, before: first.next ?? 0 });
    expect(second.requests.map((r) => r.at)).toEqual([Date.UTC(2026, 0, 15, 12, 1), Date.UTC(2026, 0, 15, 12, 0)]);
  });

  it('filters by key and outcome, and reports errors, booleans and unpriced models as such', async () => {
    const ledger = ledgerWith(5);
    expect((await ledger.recentRequests({ filters: { keyId: 'key-b' }, limit: 10 })).requests.map((r) => r.keyId)).toEqual(['key-b', 'key-b']);
    const errors = (await ledger.recentRequests({ filters: {}, outcome: 'error', limit: 10 })).requests;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ status: 529, outcome: 'error', error: 'overloaded_error: Overloaded', tokensEstimated: false });
    const newest = (await ledger.recentRequests({ filters: {}, limit: 1 })).requests[0];
    expect(newest).toMatchObject({ modelServed: 'unpriced-model', costUsd: null });
    const priced = (await ledger.recentRequests({ filters: { model: 'claude-sonnet-4-5-20250929' }, limit: 1 })).requests[0];
    expect(priced?.costUsd).toBeGreaterThan(0);
  });

  it('looks through the log a window at a time, giving the event loop a turn in between, and misses nothing', async () => {
    const db = openDatabase(databasePath(tempDir()));
    open.push(db);
    const ledger = new UsageLedger(db, createPricing());
    for (let i = 0; i < 100; i++) ledger.record(usageEvent({ at: Date.UTC(2026, 0, 15) + i, keyId: i % 10 === 0 ? 'rare' : 'common' }));
    const recent = new RecentRequests(db, 7);
    // Another task wanting a turn: it gets one only if a page lets the event loop go round.
    let turns = 0;
    let stopped = false;
    const other = () => {
      if (stopped) return;
      turns++;
      setImmediate(other);
    };
    setImmediate(other);
    const first = await recent.page({ filters: { keyId: 'rare' }, limit: 4 });
    const second = await recent.page({ filters: { keyId: 'rare' }, limit: 20, before: first.next ?? 0 });
    stopped = true;
    expect(turns).toBeGreaterThan(1);
    expect(first.requests.map((request) => request.at - Date.UTC(2026, 0, 15))).toEqual([90, 80, 70, 60]);
    expect(second.requests.map((request) => request.at - Date.UTC(2026, 0, 15))).toEqual([50, 40, 30, 20, 10, 0]);
    expect(second.next).toBeNull();
  });
});
