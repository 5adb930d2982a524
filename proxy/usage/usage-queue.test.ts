import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, usageEvent } from './__fixtures__/usage-event.js';
import { nextTurn } from './next-turn.js';
import { databasePath, openDatabase } from './database.js';
import { createPricing } from './pricing.js';
import { UsageLedger } from './usage-ledger.js';
import { USAGE_QUEUE_DIR, UsageQueue } from './usage-queue.js';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A server run's queue on `dataDir`; `running` says which other process ids are alive. */
function start(dataDir: string, running: (pid: number) => boolean = () => false): { db: Database; queue: UsageQueue } {
  const db = openDatabase(databasePath(dataDir));
  open.push(db);
  return { db, queue: new UsageQueue(db, new UsageLedger(db, createPricing()), dataDir, running) };
}

/** A run that dies with kill -9: its database connection goes, its journal stays as it was. */
function kill(db: Database): void {
  db.close();
  open.splice(open.indexOf(db), 1);
}

const models = (db: Database) => (db.prepare('SELECT model_requested AS model FROM usage_events ORDER BY at, model_requested').all() as { model: string }[]).map((row) => row.model);
const journals = (dataDir: string) => readdirSync(join(dataDir, USAGE_QUEUE_DIR));

describe('UsageQueue', () => {
  it('writes the rows at the end of the turn the commit was asked in, once, and leaves no journal after a clean stop', async () => {
    const dataDir = tempDir();
    const { db, queue } = start(dataDir);
    const commit = queue.queue(usageEvent({ modelRequested: 'one' }));
    expect(models(db)).toEqual([]);
    commit();
    commit();
    expect(models(db)).toEqual([]);
    await nextTurn();
    expect(models(db)).toEqual(['one']);
    const [journal] = journals(dataDir);
    expect(statSync(join(dataDir, USAGE_QUEUE_DIR, journal!)).mode & 0o777).toBe(0o600);
    queue.close();
    expect(journals(dataDir)).toEqual([]);
  });

  it('records at the next start what a killed run queued and never committed, exactly once', () => {
    const dataDir = tempDir();
    const first = start(dataDir);
    first.queue.queue(usageEvent({ at: 1, modelRequested: 'committed' }))();
    first.queue.queue(usageEvent({ at: 2, modelRequested: 'answered, then killed' }));
    kill(first.db);

    const second = start(dataDir);
    expect(models(second.db)).toEqual(['committed', 'answered, then killed']);
    expect(journals(dataDir)).toHaveLength(1); // its own
    second.queue.close();
    kill(second.db);
    expect(models(start(dataDir).db)).toEqual(['committed', 'answered, then killed']);
  });

  it('skips a line a kill cut short: its answer never ended', () => {
    const dataDir = tempDir();
    const first = start(dataDir);
    first.queue.queue(usageEvent({ modelRequested: 'whole' }));
    kill(first.db);
    const [journal] = journals(dataDir);
    appendFileSync(join(dataDir, USAGE_QUEUE_DIR, journal!), '{"seq":2,"event":{"at":');
    expect(models(start(dataDir).db)).toEqual(['whole']);
  });

  it('leaves the journal of another Switchboard that is still running to it', () => {
    const dataDir = tempDir();
    start(dataDir).queue.close();
    const other = join(dataDir, USAGE_QUEUE_DIR, '999999-abcdef.jsonl');
    writeFileSync(other, `${JSON.stringify({ seq: 1, event: usageEvent({ modelRequested: 'theirs' }) })}\n`);
    const { db } = start(dataDir, (pid) => pid === 999999);
    expect(models(db)).toEqual([]);
    expect(readFileSync(other, 'utf8')).toContain('theirs');
  });

  it('empties its journal once it has grown and every line is committed', async () => {
    const dataDir = tempDir();
    const { db, queue } = start(dataDir);
    for (let i = 0; i < 4_000; i++) queue.queue(usageEvent({ at: i, modelRequested: `m${i}` }))();
    await nextTurn();
    const [journal] = journals(dataDir);
    expect(statSync(join(dataDir, USAGE_QUEUE_DIR, journal!)).size).toBeLessThan(1024 * 1024);
    expect(models(db)).toHaveLength(4_000);
  });

  it('writes the answers that ended in one turn in one transaction', async () => {
    const { db, queue } = start(tempDir());
    let transactions = 0;
    db.function('count_transaction', () => ++transactions);
    db.exec("CREATE TEMP TRIGGER counted AFTER INSERT ON usage_queue BEGIN SELECT count_transaction(); END");
    db.exec("CREATE TEMP TRIGGER counted_again AFTER UPDATE ON usage_queue BEGIN SELECT count_transaction(); END");
    for (const model of ['a', 'b', 'c']) queue.queue(usageEvent({ modelRequested: model }))();
    await nextTurn();
    expect(models(db)).toEqual(['a', 'b', 'c']);
    expect(transactions).toBe(1);
  });

  it('costs no other line its row when the database refuses one', async () => {
    const dataDir = tempDir();
    const { db, queue } = start(dataDir);
    db.exec("CREATE TEMP TRIGGER refuse AFTER INSERT ON usage_events WHEN NEW.model_requested = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    for (const model of ['before', 'refused', 'after']) queue.queue(usageEvent({ modelRequested: model }))();
    await nextTurn();
    expect(models(db)).toEqual(['after', 'before']);
    queue.close();
    expect(journals(dataDir)).toHaveLength(1); // the refused line stays for the next start
  });

  it("counts this turn's answers in a key's month-to-date spend before their turn ends", () => {
    const { queue } = start(tempDir());
    const at = Date.now();
    queue.queue(usageEvent({ at, keyId: 'budgeted', inputTokens: 700, outputTokens: 300 }))();
    expect(queue.monthToDate('budgeted').tokens).toBe(1000);
  });
});
