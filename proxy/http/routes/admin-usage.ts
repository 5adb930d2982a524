import { type IRouter, Router, type Response } from 'express';
import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../../bounded-text.js';
import { DAY_MS } from '../../usage/calendar.js';
import type { KeyStore } from '../../usage/key-store.js';
import type { UsageLedger } from '../../usage/usage-ledger.js';
import { nextTurn } from '../../usage/next-turn.js';
import { bucketCount, MAX_BUCKETS, MAX_REPORT_ROWS, type Bucket } from '../../usage/usage-stats.js';
import { ApiError } from '../api-error.js';
import { callerOf } from '../security/api-key.js';
import { validateQuery } from '../validate-body.js';

/** The most rows one page of /admin/requests returns. */
const MAX_REQUESTS_PAGE = 200;

/** The last millisecond a four-digit year can name (9999-12-31T23:59:59.999Z): the latest instant a range may use. */
const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A point in time: ms epoch or an ISO 8601 date / date-time, from 1970 to the end of year 9999: a moment every
 * date function can print (9e15 is not one) and that no ledger row is older than.
 */
const INSTANT = 'must be a moment from 1970-01-01 to 9999-12-31 (ms since 1970, or an ISO 8601 date or date-time)';
const instant = z
  .union([z.coerce.number().int(), z.iso.datetime({ offset: true }), z.iso.date()], { error: INSTANT })
  .transform((value) => (typeof value === 'number' ? value : Date.parse(value)))
  .refine((at) => at >= 0 && at <= LATEST_INSTANT, INSTANT);

/** A filter names one provider, key, account or model: nothing longer is ever stored. */
const filterValue = z.string().min(1).max(MAX_NAME_LENGTH);

const filterQuery = z.object({
  provider: filterValue.optional(),
  key: filterValue.optional(),
  account: filterValue.optional(),
  model: filterValue.optional(),
});

const rangeQuery = filterQuery.extend({ from: instant.optional(), to: instant.optional() });

const seriesQuery = rangeQuery.extend({
  bucket: z.enum(['hour', 'day', 'month']).default('day'),
  'group-by': z.enum(['model', 'provider', 'key', 'account']).optional(),
});

const requestsQuery = filterQuery.extend({
  outcome: z.enum(['ok', 'error', 'aborted']).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_REQUESTS_PAGE).default(50),
});

/** [from, to): default the last `days` days up to now. */
function rangeOf(query: { from?: number; to?: number }, days: number): { from: number; to: number } {
  const to = query.to ?? Date.now() + 1;
  const from = query.from ?? Math.max(0, to - days * DAY_MS);
  if (from >= to) throw new ApiError(400, 'invalid_request', '"from" must be before "to"', { param: 'from' });
  return { from, to };
}

const LARGER_BUCKETS: Record<Bucket, string> = { hour: 'day or month buckets', day: 'month buckets', month: 'a shorter range' };

/** A report of [from, to) that the ledger can answer without holding up the requests it serves meanwhile, or a 400. */
function checkReportSize(ledger: UsageLedger, from: number, to: number, bucket: Bucket): void {
  const buckets = bucketCount(from, to, bucket);
  const range = `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`;
  if (buckets > MAX_BUCKETS) {
    const message = `${range} holds ${buckets.toLocaleString('en-US')} ${bucket} buckets; a report holds at most ${MAX_BUCKETS.toLocaleString('en-US')}: shorten the range or use ${LARGER_BUCKETS[bucket]}`;
    throw new ApiError(400, 'invalid_request', message, { param: 'from', code: 'too_many_buckets' });
  }
  if (ledger.reportRows(from, to, bucket) > MAX_REPORT_ROWS) {
    const message = `${range} holds more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} rows of usage totals (one per ${bucket === 'hour' ? 'hour' : 'day'} and key, account, provider and model), more than one report reads: shorten the range${bucket === 'hour' ? ' or use day or month buckets' : ''}`;
    throw new ApiError(400, 'invalid_request', message, { param: 'from', code: 'too_many_rows' });
  }
}

/** Until the response can take more, or the client is gone; leaves no listener behind. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes an export chunk by chunk as the client takes them; stops early when the client is gone. */
async function streamTo(res: Response, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

const filtersOf = (query: z.output<typeof filterQuery>) => ({ provider: query.provider, keyId: query.key, accountId: query.account, model: query.model });

/**
 * Usage and API-equivalent cost (priced from the built-in table and config overrides; unpriced stays null). Every
 * answer is bounded: a report in buckets and groups (usage-stats.ts), /admin/requests in rows, the export streamed
 * in chunks; none holds up the proxy's other requests for long.
 */
export function usageRoutesForAnyKey(context: { ledger: UsageLedger; keys: KeyStore }, forAnyKey: IRouter = Router()): IRouter {
  /** Month-to-date per key against its budgets; a client key sees only itself. */
  forAnyKey.get('/admin/usage/keys', (_req, res) => {
    const caller = callerOf(res.locals);
    const spend = context.ledger.keysMonthToDate();
    const managed = context.keys.list().filter((key) => caller?.role === 'admin' || key.id === caller?.keyId);
    const ownKeyIds = caller?.role === 'admin' ? [...spend.keys()].filter((id) => !managed.some((key) => key.id === id)) : [];
    const empty = { tokens: 0, costUsd: 0, requests: 0, unpricedRequests: 0 };
    res.json({
      costLabel: 'API-equivalent cost (USD)',
      keys: [
        ...managed.map((key) => ({
          id: key.id,
          label: key.label,
          monthToDate: spend.get(key.id) ?? empty,
          budgets: { monthlyTokens: key.monthlyTokenBudget, monthlyCostUsd: key.monthlyCostBudgetUsd },
        })),
        // Requests made with the owner key or keys from the config file (no budgets).
        ...ownKeyIds.map((id) => ({ id, label: id === 'owner' ? 'owner key' : `config key ${id.slice('config:'.length)}`, monthToDate: spend.get(id) ?? empty, budgets: null })),
      ],
    });
  });
  return forAnyKey;
}

/** The usage reports, the recent requests and the export: for admin keys only (mounted after the admin check). */
export function usageRoutesForAdmins(context: { ledger: UsageLedger }, forAdmins: IRouter = Router()): IRouter {
  forAdmins.get('/admin/usage', async (req, res) => {
    const query = validateQuery(seriesQuery, req.query);
    const { from, to } = rangeOf(query, query.bucket === 'hour' ? 2 : query.bucket === 'day' ? 30 : 365);
    checkReportSize(context.ledger, from, to, query.bucket);
    const filters = filtersOf(query);
    const totals = context.ledger.totals(filters, from, to);
    await nextTurn();
    const series = await context.ledger.timeSeries({ from, to, bucket: query.bucket, groupBy: query['group-by'] ?? null, filters });
    res.json({ from, to, bucket: query.bucket, groupBy: query['group-by'] ?? null, costLabel: 'API-equivalent cost (USD)', totals, series });
  });

  forAdmins.get('/admin/requests', async (req, res) => {
    const query = validateQuery(requestsQuery, req.query);
    res.json(
      await context.ledger.recentRequests({
        filters: filtersOf(query),
        ...(query.outcome ? { outcome: query.outcome } : {}),
        ...(query.before !== undefined ? { before: query.before } : {}),
        limit: query.limit,
      }),
    );
  });

  forAdmins.get('/admin/usage/export.csv', async (req, res) => {
    const query = validateQuery(rangeQuery, req.query);
    const { from, to } = rangeOf(query, 30);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="switchboard-usage-${new Date(from).toISOString().slice(0, 10)}.csv"`);
    await streamTo(res, context.ledger.exportEventsCsv({ from, to, filters: filtersOf(query) }));
  });

  return forAdmins;
}
