import { z } from 'zod';
import type { QuotaCredits, QuotaSnapshot, QuotaWindow } from '../../accounts/quota.js';

/**
 * The ChatGPT plan's usage windows (PROTOCOLS.md §2 "Limits and usage"), from the `x-codex-*` headers of every
 * answer and from `GET …/wham/usage`. Windows are named by their length, never by position: a plan may now send
 * the weekly window alone, as "primary".
 */
export function windowOf(minutes: number, usedPercent: number, resetsAt: Date | null): QuotaWindow {
  const named = minutes === 300 ? { name: 'five_hour', label: '5-hour limit' } : minutes === 10080 ? { name: 'seven_day', label: 'weekly limit' } : { name: `window_${minutes}m`, label: `${formatMinutes(minutes)} limit` };
  return { ...named, usedPercent: Math.max(0, Math.min(100, usedPercent)), resetsAt: resetsAt?.toISOString() ?? null };
}

function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}-day`;
  if (minutes % 60 === 0) return `${minutes / 60}-hour`;
  return `${minutes}-minute`;
}

export function quotaFromCodexHeaders(headers: Headers, now: Date): QuotaSnapshot | null {
  const windows: QuotaWindow[] = [];
  for (const slot of ['primary', 'secondary']) {
    const used = numberHeader(headers, `x-codex-${slot}-used-percent`);
    const minutes = numberHeader(headers, `x-codex-${slot}-window-minutes`);
    if (used === null || minutes === null) continue;
    const resetAt = numberHeader(headers, `x-codex-${slot}-reset-at`);
    const resetAfter = numberHeader(headers, `x-codex-${slot}-reset-after-seconds`);
    const resetsAt = resetAt !== null ? new Date(resetAt * 1000) : resetAfter !== null ? new Date(now.getTime() + resetAfter * 1000) : null;
    windows.push(windowOf(minutes, used, resetsAt));
  }
  const credits = creditsFromHeaders(headers);
  if (windows.length === 0 && !credits) return null;
  return { windows, ...(credits ? { credits } : {}), source: 'headers', observedAt: now.toISOString() };
}

/** `x-codex-credits-{has-credits,unlimited,balance}`, when the answer carries them. */
function creditsFromHeaders(headers: Headers): QuotaCredits | null {
  const has = headers.get('x-codex-credits-has-credits');
  if (has === null) return null;
  return { hasCredits: has === 'true', unlimited: headers.get('x-codex-credits-unlimited') === 'true', balance: headers.get('x-codex-credits-balance') };
}

function numberHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

const usageWindow = z.looseObject({
  used_percent: z.number(),
  limit_window_seconds: z.number().positive(),
  reset_at: z.number().nullish(),
  reset_after_seconds: z.number().nullish(),
});

const usageSchema = z.looseObject({
  plan_type: z.string().nullish(),
  credits: z.looseObject({ has_credits: z.boolean(), unlimited: z.boolean().nullish(), balance: z.union([z.string(), z.number()]).nullish() }).nullish(),
  rate_limit: z.looseObject({ primary_window: usageWindow.nullish(), secondary_window: usageWindow.nullish() }).nullish(),
});

/** GET <base>/wham/usage with the login's current token (never refreshed just to poll). */
export async function fetchCodexUsage(options: { baseUrl: string; headers: Record<string, string>; fetch: typeof fetch; timeoutMs: number; now?: () => number }): Promise<QuotaSnapshot> {
  const response = await options.fetch(`${options.baseUrl}/wham/usage`, { headers: { ...options.headers, accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`GET /wham/usage answered HTTP ${response.status}`);
  }
  const parsed = usageSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error('GET /wham/usage answered a body this Switchboard cannot read');
  const now = (options.now ?? Date.now)();
  const windows = [parsed.data.rate_limit?.primary_window, parsed.data.rate_limit?.secondary_window].flatMap((window) => {
    if (!window) return [];
    const resetsAt = window.reset_at ? new Date(window.reset_at * 1000) : window.reset_after_seconds != null ? new Date(now + window.reset_after_seconds * 1000) : null;
    return [windowOf(Math.round(window.limit_window_seconds / 60), window.used_percent, resetsAt)];
  });
  const credits = parsed.data.credits;
  return {
    windows,
    ...(credits ? { credits: { hasCredits: credits.has_credits, unlimited: credits.unlimited ?? false, balance: credits.balance == null ? null : String(credits.balance) } } : {}),
    source: 'usage-endpoint',
    observedAt: new Date(now).toISOString(),
  };
}
