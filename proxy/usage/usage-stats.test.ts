import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, usageEvent } from './__fixtures__/usage-event.js';
import { csvField, csvRecord } from './csv.js';
import { databasePath, openDatabase } from './database.js';
import { createPricing } from './pricing.js';
import { UsageLedger } from './usage-ledger.js';
import { bucketCount, MAX_BUCKETS, MAX_SERIES_GROUPS } from './usage-stats.js';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function ledger(): UsageLedger {
  const db = openDatabase(databasePath(tempDir()));
  open.push(db);
  return new UsageLedger(db, createPricing(), () => Date.UTC(2026, 1, 10));
}

const H = 3_600_000;

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}
const jan = (day: number, hour = 0, minute = 0): number => Date.UTC(2026, 0, day, hour, minute);

/** Two providers, two keys, one unpriced model, an error and an abort, over three days and a month change. */
function seeded(): UsageLedger {
  const l = ledger();
  l.record(usageEvent({ at: jan(30, 10, 5), keyId: 'key-a', inputTokens: 1000, outputTokens: 100 }));
  l.record(usageEvent({ at: jan(30, 10, 40), keyId: 'key-b', outcome: 'error', status: 529, inputTokens: 0, outputTokens: 0 }));
  l.record(usageEvent({ at: jan(30, 11), keyId: 'key-a', provider: 'codex', accountId: 'acct-2', modelServed: 'gpt-5.5', inputTokens: 2000, outputTokens: 200, reasoningTokens: 50 }));
  l.record(usageEvent({ at: jan(31, 23, 59), keyId: 'key-b', modelServed: 'claude-unreleased-9', inputTokens: 10, outputTokens: 10, outcome: 'aborted', status: 499 }));
  l.record(usageEvent({ at: Date.UTC(2026, 1, 1, 0, 0), keyId: 'key-a', cacheReadTokens: 10_000, cacheWriteTokens: 1000 }));
  return l;
}

describe('timeSeries', () => {
  it('buckets by UTC day, grouped by model, empty days included', async () => {
    const series = await seeded().timeSeries({ from: jan(29), to: Date.UTC(2026, 1, 2), bucket: 'day', groupBy: 'model', filters: {} });
    expect(series.buckets.map((bucket) => bucket.start)).toEqual([jan(29), jan(30), jan(31), Date.UTC(2026, 1, 1)]);
    expect(series.buckets[0]?.groups).toEqual([]);
    const day30 = series.buckets[1]?.groups ?? [];
    expect(day30.map((group) => [group.name, group.requests, group.errors])).toEqual([
      ['claude-sonnet-4-5-20250929', 2, 1],
      ['gpt-5.5', 1, 0],
    ]);
    expect(day30[0]?.costUsd).toBeCloseTo((1000 * 3 + 100 * 15) / 1e6, 12);
    expect(day30[1]).toMatchObject({ inputTokens: 2000, outputTokens: 200, reasoningTokens: 50, unpricedRequests: 0 });
    // Every request in the group unpriced → null, not 0.
    expect(series.buckets[2]?.groups).toEqual([
      {
        name: 'claude-unreleased-9', requests: 1, errors: 0, aborted: 1, inputTokens: 10, outputTokens: 10, cacheReadTokens: 0,
        cacheWriteTokens: 0, reasoningTokens: 0, costUsd: null, billedCostUsd: 0, subscriptionCostUsd: 0, unpricedRequests: 1,
      },
    ]);
  });

  it('buckets by calendar month and by hour, grouped by key', async () => {
    const l = seeded();
    const months = await l.timeSeries({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 2, 1), bucket: 'month', groupBy: null, filters: {} });
    expect(months.buckets.map((bucket) => [bucket.start, bucket.groups.map((g) => [g.name, g.requests, g.unpricedRequests, g.costUsd !== null])])).toEqual([
      [Date.UTC(2026, 0, 1), [[null, 4, 1, true]]],
      [Date.UTC(2026, 1, 1), [[null, 1, 0, true]]],
    ]);

    const hours = await l.timeSeries({ from: jan(30, 10), to: jan(30, 12), bucket: 'hour', groupBy: 'key', filters: {} });
    expect(hours.buckets.map((bucket) => [bucket.start, bucket.groups.map((g) => [g.name, g.requests])])).toEqual([
      [jan(30, 10), [['key-a', 1], ['key-b', 1]]],
      [jan(30, 11), [['key-a', 1]]],
    ]);
  });

  it('counts an hour when it starts inside [from, to)', async () => {
    const l = seeded();
    const count = (from: number, to: number): number => l.totals({}, from, to).requests;
    expect(count(jan(30, 10), jan(30, 11))).toBe(2);
    expect(count(jan(30, 10, 30), jan(30, 11, 30))).toBe(1); // the 10:00 hour starts before `from`
    expect(count(jan(30, 10), jan(30, 11)) + count(jan(30, 11), jan(31))).toBe(count(jan(30, 10), jan(31)));
  });

  it('adds whole days from the daily rollup and the edges from the hourly one to what the hours alone give', async () => {
    const l = ledger();
    const db = open[open.length - 1] as Database;
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 400; i++) {
      l.record(usageEvent({ at: jan(1) + Math.floor(next() * 6 * 86_400_000), keyId: next() < 0.5 ? 'key-a' : 'key-b', inputTokens: 1 + Math.floor(next() * 100) }));
    }
    const hourly = db.prepare('SELECT coalesce(SUM(requests), 0) AS requests, coalesce(SUM(input_tokens), 0) AS input FROM usage_hourly WHERE hour >= ? AND hour < ?');
    for (let i = 0; i < 50; i++) {
      const a = jan(1) + Math.floor(next() * 7 * 86_400_000);
      const b = jan(1) + Math.floor(next() * 7 * 86_400_000);
      const [from, to] = a < b ? [a, b] : [b, a];
      const expected = hourly.get(from, to) as { requests: number; input: number };
      const totals = l.totals({}, from, to);
      expect([totals.requests, totals.inputTokens]).toEqual([expected.requests, expected.input]);
      const series = await l.timeSeries({ from, to, bucket: 'day', groupBy: 'key', filters: {} });
      const summed = series.buckets.flatMap((bucket) => bucket.groups).reduce((sum, group) => sum + group.requests, 0);
      expect(summed).toBe(expected.requests);
    }
  });

  it('filters by provider, key, account and served model', async () => {
    const l = seeded();
    const all = { from: jan(1), to: Date.UTC(2026, 2, 1) };
    expect(l.totals({ provider: 'codex' }, all.from, all.to).requests).toBe(1);
    expect(l.totals({ keyId: 'key-b' }, all.from, all.to).requests).toBe(2);
    expect(l.totals({ accountId: 'acct-1', keyId: 'key-a' }, all.from, all.to).requests).toBe(2);
    expect(l.totals({ model: 'gpt-5.5' }, all.from, all.to)).toMatchObject({ requests: 1, inputTokens: 2000 });
    expect(l.totals({ model: 'nothing' }, all.from, all.to)).toEqual({
      requests: 0, errors: 0, aborted: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
      reasoningTokens: 0, costUsd: null, billedCostUsd: 0, subscriptionCostUsd: 0, unpricedRequests: 0,
    });
    const series = await l.timeSeries({ ...all, bucket: 'month', groupBy: 'provider', filters: { keyId: 'key-a' } });
    expect(series.buckets[0]?.groups.map((g) => [g.name, g.requests])).toEqual([['anthropic', 1], ['codex', 1]]);
  });

  it("keeps an API key's billed cost apart from a subscription's equivalent cost, in the events and every rollup", async () => {
    const l = ledger();
    l.record(usageEvent({ at: jan(5, 10), provider: 'anthropic', costBasis: 'subscription', inputTokens: 1000, outputTokens: 100 }));
    l.record(usageEvent({ at: jan(5, 11), provider: 'anthropic-key:work', costBasis: 'billed', inputTokens: 2000, outputTokens: 200 }));
    const subscription = (1000 * 3 + 100 * 15) / 1e6;
    const billed = (2000 * 3 + 200 * 15) / 1e6;
    const totals = l.totals({}, jan(1), jan(10));
    expect(totals.costUsd).toBeCloseTo(subscription + billed, 12);
    expect(totals.billedCostUsd).toBeCloseTo(billed, 12);
    expect(totals.subscriptionCostUsd).toBeCloseTo(subscription, 12);
    // The hourly rollup (a range that is not whole days) agrees with the daily one.
    expect(l.totals({}, jan(5, 11), jan(5, 12)).billedCostUsd).toBeCloseTo(billed, 12);
    expect(l.totals({}, jan(5, 10), jan(5, 11))).toMatchObject({ billedCostUsd: 0 });
    const series = await l.timeSeries({ from: jan(1), to: jan(10), bucket: 'day', groupBy: 'provider', filters: {} });
    const day = series.buckets.find((bucket) => bucket.start === jan(5))!;
    expect(day.groups.map((g) => [g.name, g.billedCostUsd > 0, g.subscriptionCostUsd > 0]).sort()).toEqual([
      ['anthropic', false, true],
      ['anthropic-key:work', true, false],
    ]);
    const csv = await text(l.exportEventsCsv({ from: jan(1), to: jan(10), filters: {} }));
    expect(csv.split('\r\n').slice(1, 3).map((line) => line.split(',').at(-2))).toEqual(['subscription', 'billed']);
  });

  it('counts a request refused before routing under the model it asked for, and filters by that name too', async () => {
    const l = ledger();
    const refused = { at: jan(5), accountId: null, provider: null, modelServed: null, inputTokens: 0, outputTokens: 0, outcome: 'error' as const, status: 429 };
    l.record(usageEvent({ ...refused, modelRequested: 'claude-haiku-4-5' }));
    l.record(usageEvent({ at: jan(5, 1) }));
    l.record(usageEvent({ ...refused, modelRequested: null }));
    const series = await l.timeSeries({ from: jan(5), to: jan(6), bucket: 'day', groupBy: 'model', filters: {} });
    expect(series.buckets[0]?.groups.map((g) => [g.name, g.requests, g.errors])).toEqual([
      [null, 1, 1],
      ['claude-haiku-4-5', 1, 1],
      ['claude-sonnet-4-5-20250929', 1, 0],
    ]);
    expect(l.totals({ model: 'claude-haiku-4-5' }, jan(5), jan(6))).toMatchObject({ requests: 1, errors: 1 });
    expect((await l.recentRequests({ filters: { model: 'claude-haiku-4-5' }, limit: 5 })).requests.map((r) => r.modelRequested)).toEqual(['claude-haiku-4-5']);
  });

  it('names the group null when the requests had no value for it', async () => {
    const l = ledger();
    l.record(usageEvent({ at: jan(5), keyId: null }));
    const series = await l.timeSeries({ from: jan(5), to: jan(6), bucket: 'day', groupBy: 'key', filters: {} });
    expect(series.buckets[0]?.groups.map((g) => g.name)).toEqual([null]);
  });
});

describe('keysMonthToDate', () => {
  it('gives every key with requests in the month, and only those', async () => {
    const l = seeded();
    l.record(usageEvent({ at: jan(31), keyId: null }));
    const january = l.keysMonthToDate(jan(15));
    expect([...january.keys()].sort()).toEqual(['key-a', 'key-b']);
    expect(january.get('key-b')).toEqual({ tokens: 20, costUsd: 0, requests: 2, unpricedRequests: 1 });
    expect(l.keysMonthToDate(Date.UTC(2026, 1, 28)).get('key-a')).toMatchObject({ tokens: 1000 + 500 + 10_000 + 1000, requests: 1 });
    expect([...l.keysMonthToDate().keys()]).toEqual(['key-a']); // the ledger's clock: February
  });
});

describe('a time series’ bounds', () => {
  it(`names the ${MAX_SERIES_GROUPS} largest groups of the range and sums the rest as one \`other\` group, last`, async () => {
    const l = ledger();
    // m-00 … m-24: m-i has i + 1 requests, so m-05 … m-24 are the largest; m-00 … m-04 have 1 + … + 5 = 15.
    for (let i = 0; i < MAX_SERIES_GROUPS + 5; i++) {
      for (let n = 0; n <= i; n++) l.record(usageEvent({ at: jan(5, n % 2 === 0 ? 1 : 20), modelServed: null, modelRequested: `m-${String(i).padStart(2, '0')}` }));
    }
    const series = await l.timeSeries({ from: jan(5), to: jan(7), bucket: 'day', groupBy: 'model', filters: {} });
    const groups = series.buckets[0]?.groups ?? [];
    expect(groups).toHaveLength(MAX_SERIES_GROUPS + 1);
    expect(groups.slice(0, -1).map((group) => group.name)).toEqual(Array.from({ length: MAX_SERIES_GROUPS }, (_, i) => `m-${String(i + 5).padStart(2, '0')}`));
    expect(groups.at(-1)).toMatchObject({ name: null, other: true, requests: 15 });
    expect(series.buckets[1]?.groups).toEqual([]);
    const total = groups.reduce((sum, group) => sum + group.requests, 0);
    expect(total).toBe(l.totals({}, jan(5), jan(7)).requests);
  });

  it(`names every group when there are no more than ${MAX_SERIES_GROUPS}`, async () => {
    const l = ledger();
    for (let i = 0; i < MAX_SERIES_GROUPS; i++) l.record(usageEvent({ at: jan(5, 3), keyId: `key-${String(i).padStart(2, '0')}` }));
    const groups = (await l.timeSeries({ from: jan(5), to: jan(6), bucket: 'hour', groupBy: 'key', filters: {} })).buckets[3]?.groups ?? [];
    expect(groups).toHaveLength(MAX_SERIES_GROUPS);
    expect(groups.some((group) => group.other)).toBe(false);
  });

  it('counts the buckets of a range without listing them', async () => {
    expect(bucketCount(jan(1), jan(2), 'hour')).toBe(24);
    expect(bucketCount(jan(1, 0, 30), jan(1, 2, 1), 'hour')).toBe(3);
    expect(bucketCount(jan(1), jan(31), 'day')).toBe(30);
    expect(bucketCount(jan(1), jan(1) + 1, 'day')).toBe(1);
    expect(bucketCount(jan(15), Date.UTC(2026, 1, 1), 'month')).toBe(1);
    expect(bucketCount(jan(15), Date.UTC(2026, 1, 1) + 1, 'month')).toBe(2);
    expect(bucketCount(Date.UTC(2020, 0, 1), Date.UTC(2026, 0, 1), 'month')).toBe(72);
    expect(bucketCount(jan(2), jan(1), 'day')).toBe(0);
    expect(bucketCount(Date.parse('0000-01-01T00:00:00Z'), Date.UTC(2026, 0, 1), 'hour')).toBeGreaterThan(17_000_000);
  });

  it('runs its statements a turn of the event loop apart, so a large report does not hold up other work', async () => {
    const l = seeded();
    let turns = 0;
    let stopped = false;
    const other = () => {
      if (stopped) return;
      turns++;
      setImmediate(other);
    };
    setImmediate(other);
    await l.timeSeries({ from: jan(29, 12), to: Date.UTC(2026, 1, 2), bucket: 'day', groupBy: 'model', filters: {} });
    stopped = true;
    expect(turns).toBeGreaterThan(1);
  });

  it(`refuses to list more than ${MAX_BUCKETS} buckets`, async () => {
    const l = ledger();
    await expect(l.timeSeries({ from: jan(1), to: jan(1) + (MAX_BUCKETS + 1) * H, bucket: 'hour', groupBy: null, filters: {} })).rejects.toThrow(RangeError);
    expect((await l.timeSeries({ from: jan(1), to: jan(1) + MAX_BUCKETS * H, bucket: 'hour', groupBy: null, filters: {} })).buckets).toHaveLength(MAX_BUCKETS);
  });
});

describe('exportEventsCsv', () => {
  it('writes a header and RFC 4180 rows, cost empty when unpriced', async () => {
    const l = ledger();
    l.record(usageEvent({ at: jan(2), modelRequested: 'my "best", model', error: 'line one\nline two', outcome: 'error', status: 500 }));
    l.record(usageEvent({ at: jan(3), modelRequested: '=HYPERLINK("x")', modelServed: 'mystery', tokensEstimated: true }));
    l.record(usageEvent({ at: jan(4), keyId: 'other' }));
    // A chained request: the subscription was tried first, the API key served and billed it.
    l.record(usageEvent({ at: jan(5), provider: 'anthropic-key:work', costBasis: 'billed', targetsTried: ['anthropic', 'anthropic-key:work'] }));
    const csv = await text(l.exportEventsCsv({ from: jan(1), to: jan(10), filters: { keyId: 'key-a' } }));

    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'at,time_utc,key_id,account_id,provider,model_requested,model_served,endpoint,input_tokens,output_tokens,cache_read_tokens,' +
        'cache_write_tokens,reasoning_tokens,tokens_estimated,latency_ms,ttft_ms,status,outcome,error,cost_usd,cost_basis,targets_tried',
    );
    expect(lines[1]).toBe(
      `${jan(2)},2026-01-02T00:00:00.000Z,key-a,acct-1,anthropic,"my ""best"", model",claude-sonnet-4-5-20250929,/v1/messages,` +
        '1000,500,0,0,,false,1200,300,500,error,"line one\nline two",0.0105,subscription,',
    );
    expect(lines[2]).toBe(
      `${jan(3)},2026-01-03T00:00:00.000Z,key-a,acct-1,anthropic,"'=HYPERLINK(""x"")",mystery,/v1/messages,1000,500,0,0,,true,1200,300,200,ok,,,subscription,`,
    );
    expect(lines[3]).toBe(
      `${jan(5)},2026-01-05T00:00:00.000Z,key-a,acct-1,anthropic-key:work,claude-sonnet-4-5,claude-sonnet-4-5-20250929,/v1/messages,` +
        '1000,500,0,0,,false,1200,300,200,ok,,0.0105,billed,anthropic anthropic-key:work',
    );
    expect(lines.slice(4)).toEqual(['']);
  });

  it('streams in chunks and keeps the time order', async () => {
    const l = ledger();
    for (let i = 1200; i > 0; i--) l.record(usageEvent({ at: jan(1) + i * 1000 }));
    const chunks: string[] = [];
    for await (const chunk of l.exportEventsCsv({ from: jan(1), to: jan(2), filters: {} })) chunks.push(chunk);
    expect(chunks.length).toBe(3);
    const times = chunks.join('').trim().split('\r\n').slice(1).map((line) => Number(line.split(',')[0]));
    expect(times).toHaveLength(1200);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('writes every row once when many share one moment across the chunks, and lets other work run between them', async () => {
    const l = ledger();
    for (let i = 0; i < 1200; i++) l.record(usageEvent({ at: jan(1), modelRequested: `m-${i}` }));
    let turns = 0;
    let stopped = false;
    const other = () => {
      if (stopped) return;
      turns++;
      setImmediate(other);
    };
    setImmediate(other);
    const csv = await text(l.exportEventsCsv({ from: jan(1), to: jan(2), filters: {} }));
    stopped = true;
    expect(turns).toBeGreaterThan(1);
    const models = csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[5]);
    expect(new Set(models).size).toBe(1200);
    expect(models).toHaveLength(1200);
  });

  it('writes only the header when nothing matches', async () => {
    const csv = await text(ledger().exportEventsCsv({ from: 0, to: 1, filters: {} }));
    expect(csv.split('\r\n')).toHaveLength(2);
  });
});

describe('csv fields', () => {
  it('quotes only what needs it', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvRecord(['a', null, 2])).toBe('a,,2\r\n');
  });
});

it('keeps rollup hours aligned to UTC hours', async () => {
  const l = ledger();
  l.record(usageEvent({ at: jan(1, 5) + H - 1 }));
  expect((await l.timeSeries({ from: jan(1, 5), to: jan(1, 6), bucket: 'hour', groupBy: null, filters: {} })).buckets[0]?.groups[0]?.requests).toBe(1);
});
