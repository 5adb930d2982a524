/**
 * How fast the dashboard's usage queries are over a large ledger: 1,000,000 synthetic requests over 90 days, written
 * through UsageLedger.record (so the rollup is built exactly as in production), then each query timed several times.
 * Exits non-zero when a query's median reaches the budget. Run with `npm run bench`; not part of `npm test`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { databasePath, openDatabase } from '../proxy/usage/database.js';
import { createPricing } from '../proxy/usage/pricing.js';
import type { UsageEvent } from '../proxy/usage/types.js';
import { UsageLedger } from '../proxy/usage/usage-ledger.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
/** BENCH_DAYS=365 spreads the same events over a year (more, smaller rollup rows). */
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const BATCH = 10_000;
const RUNS = 9;
const BUDGET_MS = 200;
const DAY_MS = 86_400_000;

/** Deterministic, so two runs measure the same data (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  { model: 'claude-sonnet-4-5-20250929', provider: 'anthropic' },
  { model: 'claude-opus-4-7', provider: 'anthropic' },
  { model: 'claude-haiku-4-5-20251001', provider: 'anthropic' },
  { model: 'gpt-5.5', provider: 'codex' },
  { model: 'gpt-5.1-codex-max', provider: 'codex' }, // not in the price table: unpriced
] as const;
const ACCOUNTS: Record<string, string[]> = { anthropic: ['claude-1', 'claude-2', 'claude-3'], codex: ['codex-1', 'codex-2', 'codex-3'] };
const KEYS = Array.from({ length: 20 }, (_, i) => `key-${String(i).padStart(2, '0')}`);

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** The i-th synthetic request: spread evenly over the 90 days before `end`, in time order as a live proxy writes them. */
function syntheticEvent(i: number, start: number, next: () => number): UsageEvent {
  const { model, provider } = pick(MODELS, next);
  const roll = next();
  const outcome = roll < 0.02 ? 'error' : roll < 0.03 ? 'aborted' : 'ok';
  const output = Math.floor(next() * 4000);
  return {
    at: start + Math.floor((i / EVENTS) * DAYS * DAY_MS),
    keyId: pick(KEYS, next),
    accountId: pick(ACCOUNTS[provider] ?? [], next),
    provider,
    modelRequested: model,
    modelServed: model,
    endpoint: provider === 'anthropic' ? '/v1/messages' : '/v1/responses',
    inputTokens: Math.floor(next() * 5000),
    outputTokens: output,
    cacheReadTokens: Math.floor(next() * 100_000),
    cacheWriteTokens: Math.floor(next() * 5000),
    reasoningTokens: provider === 'codex' ? Math.floor(output / 2) : null,
    tokensEstimated: false,
    latencyMs: 500 + Math.floor(next() * 30_000),
    ttftMs: 200 + Math.floor(next() * 2000),
    status: outcome === 'ok' ? 200 : outcome === 'error' ? 529 : 499,
    outcome,
    error: outcome === 'error' ? 'overloaded_error: Overloaded' : null,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  try {
    const path = databasePath(dir);
    const db = openDatabase(path);
    const end = Date.now();
    const start = end - DAYS * DAY_MS;
    const ledger = new UsageLedger(db, createPricing(), () => end);
    const next = random(42);

    const insertStarted = performance.now();
    // Batches in one transaction each: the proxy writes one request at a time, but a million separate commits would
    // measure the disk, not the queries. record() nests inside as a savepoint, exactly as it runs alone.
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) ledger.record(syntheticEvent(i, start, next));
    });
    for (let from = 0; from < EVENTS; from += BATCH) writeBatch(from, Math.min(from + BATCH, EVENTS));
    const insertMs = performance.now() - insertStarted;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');

    const rows = (table: string): string => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n.toLocaleString('en');
    console.log(
      `inserted ${EVENTS.toLocaleString('en')} events over ${DAYS} days in ${(insertMs / 1000).toFixed(1)} s ` +
        `(${((insertMs * 1000) / EVENTS).toFixed(1)} µs each); rollup rows: ${rows('usage_hourly')} hourly, ` +
        `${rows('usage_daily')} daily; file: ${(statSync(path).size / 1e6).toFixed(0)} MB\n`,
    );

    const queries: { name: string; run: () => unknown }[] = [
      { name: 'time series 30 days by day, per model', run: () => ledger.timeSeries({ from: end - 30 * DAY_MS, to: end, bucket: 'day', groupBy: 'model', filters: {} }) },
      { name: 'time series 2 days by hour, per key', run: () => ledger.timeSeries({ from: end - 2 * DAY_MS, to: end, bucket: 'hour', groupBy: 'key', filters: {} }) },
      { name: `time series ${DAYS} days by month, per provider`, run: () => ledger.timeSeries({ from: start, to: end, bucket: 'month', groupBy: 'provider', filters: {} }) },
      { name: 'time series 30 days by day, one key', run: () => ledger.timeSeries({ from: end - 30 * DAY_MS, to: end, bucket: 'day', groupBy: null, filters: { keyId: 'key-07' } }) },
      { name: `totals ${DAYS} days`, run: () => ledger.totals({}, start, end) },
      { name: 'month to date, all keys', run: () => ledger.keysMonthToDate(end) },
      { name: 'month to date, one key', run: () => ledger.monthToDate('key-07', end) },
    ];

    const results: { query: string; 'median ms': number; 'max ms': number }[] = [];
    for (const { name, run } of queries) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const began = performance.now();
        await run(); // a time series lets the event loop run between its statements
        times.push(performance.now() - began);
      }
      results.push({ query: name, 'median ms': Number(median(times).toFixed(2)), 'max ms': Number(Math.max(...times).toFixed(2)) });
    }
    console.table(results);
    db.close();

    const slow = results.filter((result) => result['median ms'] >= BUDGET_MS);
    if (slow.length > 0) {
      console.error(`over the ${BUDGET_MS} ms budget: ${slow.map((result) => result.query).join('; ')}`);
      return 1;
    }
    console.log(`every median under ${BUDGET_MS} ms`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
