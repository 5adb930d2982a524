import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../proxy/usage/database.js';
import { MAX_BUCKETS, MAX_REPORT_ROWS, MAX_SERIES_GROUPS } from '../../proxy/usage/usage-stats.js';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

const EVENTS = 200_000;
const DAY_MS = 86_400_000;

interface Report {
  series: { buckets: { start: number; groups: { name: string | null; other?: true; requests: number }[] }[] };
  totals: { requests: number };
}

/**
 * Fills the running server's database (through a second connection, as WAL allows) with `count` refused requests
 * over the `days` before `end`, each naming a model of its own, as a client that names a new model with every
 * request leaves them; the rollups are built from the events the way record() builds them.
 */
function seed(stack: Stack, prefix: string, count: number, days: number, end: number): void {
  const db = new BetterSqlite3(databasePath(stack.config['data-dir']));
  db.pragma('busy_timeout = 5000');
  const step = Math.floor((days * DAY_MS) / count);
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO usage_events (at, key_id, model_requested, endpoint, input_tokens, output_tokens, cache_read_tokens,
         cache_write_tokens, tokens_estimated, latency_ms, status, outcome, error)
       SELECT ? + i * ?, 'owner', ? || i, '/v1/messages', 0, 0, 0, 0, 0, 1, 404, 'error', 'not served' FROM n`,
    ).run(count - 1, end - days * DAY_MS, step, prefix);
    for (const [table, column, size] of [['usage_hourly', 'hour', 3_600_000], ['usage_daily', 'day', DAY_MS]] as const) {
      db.prepare(
        `INSERT INTO ${table} (${column}, key_id, model_requested, requests, errors)
         SELECT at - at % ${size}, 'owner', model_requested, 1, 1 FROM usage_events WHERE model_requested LIKE ? || '%'`,
      ).run(prefix);
    }
  })();
  db.close();
}

/**
 * The admin usage endpoints over a large ledger (200 000 requests, each naming a model of its own): bounded
 * answers, ranges and bucket counts refused in words, and an export that streams without holding up the proxy.
 */
describe('admin usage queries on a large ledger', () => {
  let stack: Stack;
  const now = Date.now();
  beforeAll(async () => {
    stack = await startStack();
    seed(stack, 'model-', EVENTS, 30, now - DAY_MS);
  });
  afterAll(() => stack.close());

  const get = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });

  it(`answers a report grouped by model with the ${MAX_SERIES_GROUPS} largest groups and the rest as one, small`, async () => {
    const response = await get(`/admin/usage?bucket=day&group-by=model&from=${now - 32 * DAY_MS}&to=${now}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBeLessThan(500_000);
    const report = JSON.parse(text) as Report;
    expect(report.totals.requests).toBe(EVENTS);
    for (const bucket of report.series.buckets) expect(bucket.groups.length).toBeLessThanOrEqual(MAX_SERIES_GROUPS + 1);
    const counted = report.series.buckets.flatMap((bucket) => bucket.groups).reduce((sum, group) => sum + group.requests, 0);
    expect(counted).toBe(EVENTS);
    expect(report.series.buckets.some((bucket) => bucket.groups.some((group) => group.other))).toBe(true);
  });

  it('refuses an instant outside 1970–9999 in words, in the OpenAI shape (it was a 500, or a 51 s answer)', async () => {
    for (const query of ['from=0000-01-01', 'to=9e15', 'from=-1']) {
      for (const path of ['/admin/usage', '/admin/usage/export.csv']) {
        const response = await get(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('must be a moment from 1970-01-01 to 9999-12-31') } });
      }
    }
  });

  it(`refuses a report of more than ${MAX_BUCKETS} buckets, naming the limit`, async () => {
    const response = await get('/admin/usage?bucket=hour&from=1970-01-01&group-by=model');
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; code: string } };
    expect(error.code).toBe('too_many_buckets');
    expect(error.message).toMatch(/holds [\d,]+ hour buckets; a report holds at most 1,000: shorten the range or use day or month buckets/);
  });

  it('caps a page of /admin/requests', async () => {
    const response = await get('/admin/requests?limit=200');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { requests: unknown[] }).requests).toHaveLength(200);
    expect((await get('/admin/requests?limit=201')).status).toBe(400);
  });

  it('streams an export of every event without holding up the proxy: a request served meanwhile is in it', async () => {
    const export_ = await fetch(`${stack.url}/admin/usage/export.csv?from=0&to=${now + DAY_MS}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(export_.status).toBe(200);
    // Nothing of the export is read yet: a server that wrote it in one go (blocking every other request meanwhile)
    // has written all of it by now.
    expect((await get('/health')).status).toBe(200);
    const served = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'while exporting' }] }),
    });
    expect(served.status).toBe(200);
    const lines = (await export_.text()).trimEnd().split('\r\n');
    expect(lines.length).toBeGreaterThan(EVENTS);
    // The export reached the end of the log after that request was recorded: its row is the last one.
    expect(lines.at(-1)).toContain(',claude-sonnet-4-6,');
  });

  it(`refuses a report that would read more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} rows, naming the limit`, async () => {
    seed(stack, 'other-model-', MAX_REPORT_ROWS + 1, 2, now - 40 * DAY_MS);
    const response = await get(`/admin/usage?bucket=month&group-by=model&from=${now - 45 * DAY_MS}&to=${now}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'too_many_rows', message: expect.stringContaining('more than 250,000 rows of usage totals') } });
  });
});
