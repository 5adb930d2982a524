import { Router } from 'express';
import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../../bounded-text.js';
import { DAY_MS } from '../../usage/calendar.js';
import type { KeyStore } from '../../usage/key-store.js';
import type { UsageLedger } from '../../usage/usage-ledger.js';
import { ApiError } from '../api-error.js';
import { callerOf } from '../security/api-key.js';
import { validateQuery } from '../validate-body.js';

/** The most rows one page of /admin/requests returns. */
const MAX_REQUESTS_PAGE = 200;

/** A point in time: ms epoch or an ISO 8601 date / date-time. */
const instant = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) =>
  typeof value === 'number' ? value : Date.parse(value),
);

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
  const from = query.from ?? to - days * DAY_MS;
  if (from >= to) throw new ApiError(400, 'invalid_request', '"from" must be before "to"', { param: 'from' });
  return { from, to };
}

const filtersOf = (query: z.output<typeof filterQuery>) => ({ provider: query.provider, keyId: query.key, accountId: query.account, model: query.model });

/** Usage and API-equivalent cost (priced from the built-in table and config overrides; unpriced stays null). */
export function adminUsageRoutes(context: { ledger: UsageLedger; keys: KeyStore }): { forAnyKey: Router; forAdmins: Router } {
  const forAnyKey = Router();
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

  const forAdmins = Router();
  forAdmins.get('/admin/usage', (req, res) => {
    const query = validateQuery(seriesQuery, req.query);
    const { from, to } = rangeOf(query, query.bucket === 'hour' ? 2 : query.bucket === 'day' ? 30 : 365);
    const filters = filtersOf(query);
    res.json({
      from,
      to,
      bucket: query.bucket,
      groupBy: query['group-by'] ?? null,
      costLabel: 'API-equivalent cost (USD)',
      totals: context.ledger.totals(filters, from, to),
      series: context.ledger.timeSeries({ from, to, bucket: query.bucket, groupBy: query['group-by'] ?? null, filters }),
    });
  });

  forAdmins.get('/admin/requests', (req, res) => {
    const query = validateQuery(requestsQuery, req.query);
    res.json(
      context.ledger.recentRequests({
        filters: filtersOf(query),
        ...(query.outcome ? { outcome: query.outcome } : {}),
        ...(query.before !== undefined ? { before: query.before } : {}),
        limit: query.limit,
      }),
    );
  });

  forAdmins.get('/admin/usage/export.csv', (req, res) => {
    const query = validateQuery(rangeQuery, req.query);
    const { from, to } = rangeOf(query, 30);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="switchboard-usage-${new Date(from).toISOString().slice(0, 10)}.csv"`);
    context.ledger.exportEventsCsv({ from, to, filters: filtersOf(query) }, (chunk) => res.write(chunk));
    res.end();
  });

  return { forAnyKey, forAdmins };
}
