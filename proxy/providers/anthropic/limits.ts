import { z } from 'zod';
import type { QuotaSnapshot, QuotaWindow } from '../../accounts/quota.js';
import { refusingRedirects } from '../../upstream/no-redirects.js';
import { oauthApiHeaders } from './credentials.js';

/**
 * A Claude subscription's usage windows (PROTOCOLS.md §1 "Subscription limits"): the unified rate-limit headers
 * on every response, and GET /api/oauth/usage. Neither is documented, so every name lives here once.
 */

const UNIFIED = 'anthropic-ratelimit-unified-';
export const USAGE_PATH = '/api/oauth/usage';

interface HeaderWindow {
  name: string;
  label: string;
  /** The header infixes; public captures spell the model-scoped ones both "7d-sonnet" and "7d_sonnet". */
  infixes: readonly string[];
}

const HEADER_WINDOWS: readonly HeaderWindow[] = [
  { name: 'five_hour', label: '5-hour limit', infixes: ['5h'] },
  { name: 'seven_day', label: 'weekly limit', infixes: ['7d'] },
  { name: 'seven_day_sonnet', label: 'weekly Sonnet limit', infixes: ['7d-sonnet', '7d_sonnet'] },
  { name: 'seven_day_opus', label: 'weekly Opus limit', infixes: ['7d-opus', '7d_opus'] },
  { name: 'overage', label: 'extra usage', infixes: ['overage'] },
];

const LABELS: Record<string, string> = Object.fromEntries(HEADER_WINDOWS.map((window) => [window.name, window.label]));

/** The windows a response's unified headers report (utilization 0–1 there); null when they report none. */
export function quotaFromUnifiedHeaders(headers: Headers, now: Date): QuotaSnapshot | null {
  const windows: QuotaWindow[] = [];
  for (const spec of HEADER_WINDOWS) {
    const infix = spec.infixes.find((candidate) => headers.has(`${UNIFIED}${candidate}-utilization`));
    const utilization = infix ? parseNumber(headers.get(`${UNIFIED}${infix}-utilization`)) : null;
    if (infix === undefined || utilization === null) continue;
    const resetsAt = parseReset(headers.get(`${UNIFIED}${infix}-reset`));
    windows.push({ name: spec.name, label: spec.label, usedPercent: toPercent(utilization * 100), resetsAt: resetsAt?.toISOString() ?? null });
  }
  return windows.length > 0 ? { windows, source: 'headers', observedAt: now.toISOString() } : null;
}

const WINDOW_NAMES: Record<string, string> = { five_hour: '5-hour limit', seven_day: 'weekly limit', seven_day_opus: 'weekly Opus limit', seven_day_sonnet: 'weekly Sonnet limit' };

/** The subscription window a rate-limited answer hit, in words, and when it resets (the Anthropic protocol's window hook). */
export function claudeWindowReset(headers: Headers): { resetsAt: Date; reason: string } | null {
  const reset = rateLimitResetFromHeaders(headers);
  return reset ? { resetsAt: reset.resetsAt, reason: WINDOW_NAMES[reset.window] ?? `${reset.window} limit` } : null;
}

/**
 * For a refused request (unified status "rejected"): when the binding window opens again, for the cooldown.
 * The window is the representative claim, else the first window whose own status is rejected.
 */
export function rateLimitResetFromHeaders(headers: Headers): { resetsAt: Date; window: string } | null {
  if (headers.get(`${UNIFIED}status`)?.trim().toLowerCase() !== 'rejected') return null;
  const claim = headers.get(`${UNIFIED}representative-claim`)?.trim();
  const spec = claim
    ? HEADER_WINDOWS.find((candidate) => candidate.name === claim)
    : HEADER_WINDOWS.find((candidate) => candidate.infixes.some((infix) => headers.get(`${UNIFIED}${infix}-status`)?.trim() === 'rejected'));
  const ownReset = spec?.infixes.map((infix) => parseReset(headers.get(`${UNIFIED}${infix}-reset`))).find((reset) => reset !== null);
  const resetsAt = ownReset ?? parseReset(headers.get(`${UNIFIED}reset`));
  return resetsAt ? { resetsAt, window: claim || spec?.name || 'subscription' } : null;
}

const numeric = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const classicWindowSchema = z.looseObject({ utilization: numeric.nullish(), resets_at: z.string().nullish() }).nullish();
const limitSchema = z.looseObject({
  kind: z.string(),
  percent: numeric.nullish(),
  resets_at: z.string().nullish(),
  scope: z.looseObject({ model: z.looseObject({ display_name: z.string().nullish() }).nullish() }).nullish(),
});
const CLASSIC_WINDOWS = ['five_hour', 'seven_day', 'seven_day_opus', 'seven_day_sonnet'] as const;
const usageSchema = z.looseObject({
  five_hour: classicWindowSchema,
  seven_day: classicWindowSchema,
  seven_day_opus: classicWindowSchema,
  seven_day_sonnet: classicWindowSchema,
  limits: z.array(limitSchema).nullish(),
});
type Limit = z.infer<typeof limitSchema>;

/** The limits[] kinds that are the classic windows under another name. */
const KIND_NAMES: Record<string, string> = {
  session: 'five_hour',
  five_hour: 'five_hour',
  weekly_all: 'seven_day',
  seven_day: 'seven_day',
  seven_day_opus: 'seven_day_opus',
  seven_day_sonnet: 'seven_day_sonnet',
};

interface RawWindow {
  name: string;
  label: string;
  value: number;
  resetsAt: string | null | undefined;
}

/**
 * The body of GET /api/oauth/usage. The newer `limits[]` wins when it holds any window; else the classic
 * five_hour / seven_day / seven_day_opus / seven_day_sonnet objects. Throws when the body has neither.
 */
export function parseUsageResponse(json: unknown, now: Date): QuotaSnapshot {
  const parsed = usageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unexpected answer from Anthropic's usage endpoint: ${z.prettifyError(parsed.error)}`);
  const body = parsed.data;
  if (!['limits', ...CLASSIC_WINDOWS].some((key) => key in body)) throw new Error(`unexpected answer from Anthropic's usage endpoint: none of limits, ${CLASSIC_WINDOWS.join(', ')}`);

  const fromLimits = (body.limits ?? []).flatMap((limit): RawWindow[] =>
    typeof limit.percent === 'number' ? [{ ...nameOfLimit(limit), value: limit.percent, resetsAt: limit.resets_at }] : [],
  );
  const fromClassic = CLASSIC_WINDOWS.flatMap((name): RawWindow[] => {
    const window = body[name];
    return typeof window?.utilization === 'number' ? [{ name, label: LABELS[name] ?? name, value: window.utilization, resetsAt: window.resets_at }] : [];
  });
  const raw = fromLimits.length > 0 ? fromLimits : fromClassic;
  const scale = percentScale(raw.map((window) => window.value));
  const windows = raw.map(({ name, label, value, resetsAt }) => ({ name, label, usedPercent: toPercent(value * scale), resetsAt: parseIsoDate(resetsAt) }));
  return { windows, source: 'usage-endpoint', observedAt: now.toISOString() };
}

/**
 * [conflict] The endpoint reports percent (0–100) in most captures and a fraction (0–1) in some. Decided per
 * response: when every value is ≤ 1 and at least one is not a whole number, the response is in fractions.
 * A percent response whose every window is below 1% with a fractional one (0.5%) would read as 50%; the
 * captures in percent show whole numbers or values above 1, so that risk is taken.
 */
function percentScale(values: number[]): number {
  const fractions = values.length > 0 && values.every((value) => value <= 1) && values.some((value) => !Number.isInteger(value));
  return fractions ? 100 : 1;
}

function nameOfLimit(limit: Limit): { name: string; label: string } {
  const model = limit.scope?.model?.display_name?.trim();
  if (limit.kind === 'weekly_scoped' && model) {
    if (/sonnet/i.test(model)) return { name: 'seven_day_sonnet', label: LABELS.seven_day_sonnet ?? model };
    if (/opus/i.test(model)) return { name: 'seven_day_opus', label: LABELS.seven_day_opus ?? model };
    return { name: `seven_day_${model.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`, label: `weekly ${model} limit` };
  }
  const name = KIND_NAMES[limit.kind];
  if (name) return { name, label: LABELS[name] ?? name };
  return { name: limit.kind, label: `${limit.kind.replace(/[_-]+/g, ' ').trim()} limit` };
}

/** Thrown by fetchUsage; `status` is null when no HTTP answer came. */
export class UsageEndpointError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'UsageEndpointError';
  }
}

export interface FetchUsageOptions {
  baseUrl: string;
  accessToken: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now?: () => Date;
}

/** Reads GET /api/oauth/usage. It is not a model request, so it costs no quota. */
export async function fetchUsage(options: FetchUsageOptions): Promise<QuotaSnapshot> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}${USAGE_PATH}`;
  let status: number;
  let text: string;
  try {
    const response = await refusingRedirects(options.fetch)(url, {
      method: 'GET',
      headers: oauthApiHeaders(options.accessToken),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new UsageEndpointError(`could not read Anthropic's usage endpoint ${url}: ${describeFetchError(error, options.timeoutMs)}`, null);
  }
  if (status === 401) throw new UsageEndpointError(`Anthropic refused the access token at the usage endpoint (HTTP 401${detailOf(text)})`, 401);
  if (status < 200 || status > 299) throw new UsageEndpointError(`Anthropic's usage endpoint answered HTTP ${status}${detailOf(text)}`, status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageEndpointError(`Anthropic's usage endpoint answered HTTP ${status} with something that is not JSON`, status);
  }
  return parseUsageResponse(json, (options.now ?? (() => new Date()))());
}

/** Utilization as the shape promises it: 0–100, one decimal. */
function toPercent(percent: number): number {
  return Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
}

function parseNumber(value: string | null): number | null {
  const text = value?.trim();
  const number = text ? Number(text) : Number.NaN;
  return Number.isFinite(number) ? number : null;
}

/** A unified reset header: unix seconds (an ISO date is accepted too). */
function parseReset(value: string | null): Date | null {
  const text = value?.trim();
  if (!text) return null;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : null;
}

function parseIsoDate(value: string | null | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Anthropic's own error message from an error body, as ": message", or "". */
function detailOf(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' && message ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
