import { z } from 'zod';
import type { QuotaSnapshot, QuotaWindow } from '../../accounts/quota.js';

/** A date as Cursor writes it: ISO 8601, or milliseconds since the epoch (as a number or a numeric string). */
const cursorDate = z.union([z.string(), z.number()]).nullish();

const usagePart = z.looseObject({
  enabled: z.boolean().nullish(),
  used: z.number().nullish(),
  limit: z.number().nullish(),
  remaining: z.number().nullish(),
});

const usageSummarySchema = z.looseObject({
  membershipType: z.string().nullish(),
  isUnlimited: z.boolean().nullish(),
  billingCycleStart: cursorDate,
  billingCycleEnd: cursorDate,
  individualUsage: z
    .looseObject({
      plan: usagePart.extend({ totalPercentUsed: z.number().nullish(), autoPercentUsed: z.number().nullish(), apiPercentUsed: z.number().nullish() }).nullish(),
      onDemand: usagePart.nullish(),
    })
    .nullish(),
});

type UsageSummary = z.output<typeof usageSummarySchema>;

interface UsageSummaryCall {
  baseUrl: string;
  accessToken: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** `GET <auth-url>/auth/usage-summary` (Bearer), read with the login's current token: reading never refreshes one. */
async function readUsageSummary(options: UsageSummaryCall): Promise<UsageSummary> {
  const response = await options.fetch(`${options.baseUrl.replace(/\/+$/, '')}/auth/usage-summary`, {
    headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`GET /auth/usage-summary answered HTTP ${response.status}`);
  }
  const parsed = usageSummarySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error('GET /auth/usage-summary answered a body this Switchboard cannot read');
  return parsed.data;
}

/**
 * Cursor's plan usage (PROTOCOLS.md §3 "Models, usage, errors") as quota windows, each resetting at the billing
 * cycle's end: the plan's total, "Cursor models" (`autoPercentUsed`), "Other models" (`apiPercentUsed`) and
 * on-demand spending when it is on with a limit.
 */
export async function fetchCursorUsage(options: UsageSummaryCall & { now?: () => number }): Promise<QuotaSnapshot> {
  const summary = await readUsageSummary(options);
  const now = (options.now ?? Date.now)();
  return { windows: cursorUsageWindows(summary), source: 'usage-endpoint', observedAt: new Date(now).toISOString() };
}

/**
 * The plan a new login is on (`membershipType`: "pro", "free"…), for the account's plan: Cursor's page and API-key
 * logins say nothing of it. Null when the summary cannot be read: the login stands without it.
 */
export async function readCursorPlan(options: UsageSummaryCall): Promise<string | null> {
  try {
    return (await readUsageSummary(options)).membershipType ?? null;
  } catch {
    return null;
  }
}

export function cursorUsageWindows(summary: UsageSummary): QuotaWindow[] {
  const resetsAt = isoDate(summary.billingCycleEnd);
  const window = (name: string, label: string, usedPercent: number | null): QuotaWindow[] =>
    usedPercent === null ? [] : [{ name, label, usedPercent: Math.max(0, Math.min(100, usedPercent)), resetsAt }];
  const plan = summary.individualUsage?.plan;
  const onDemand = summary.individualUsage?.onDemand;
  const total = plan?.totalPercentUsed ?? percentOf(plan?.used, plan?.limit);
  return [
    ...window('plan', 'plan usage', summary.isUnlimited ? null : (total ?? null)),
    ...window('cursor_models', 'Cursor models', plan?.autoPercentUsed ?? null),
    ...window('other_models', 'Other models', plan?.apiPercentUsed ?? null),
    ...window('on_demand', 'on-demand spending', onDemand?.enabled === false ? null : percentOf(onDemand?.used, onDemand?.limit)),
  ];
}

function percentOf(used: number | null | undefined, limit: number | null | undefined): number | null {
  return used != null && limit != null && limit > 0 ? (used / limit) * 100 : null;
}

function isoDate(value: string | number | null | undefined): string | null {
  if (value == null || value === '') return null;
  const date = typeof value === 'number' || /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
