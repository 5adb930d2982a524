/**
 * OpenAI's rate-limit headers: `x-ratelimit-remaining-{requests,tokens}` and `x-ratelimit-reset-{requests,tokens}`,
 * the latter a duration such as "1s", "6m0s", "20ms" or "1h2m3.5s" until the limit is whole again.
 */
export interface RateLimitReset {
  limit: 'requests' | 'tokens';
  resetsAt: Date;
}

const LIMITS = ['requests', 'tokens'] as const;

/**
 * When the limit that ran out resets: the one whose remaining count is 0, else (no remaining count given) the
 * later of the two resets. Null when the headers say nothing readable.
 */
export function rateLimitResetFromHeaders(headers: Headers, now: number = Date.now()): RateLimitReset | null {
  const resets = LIMITS.flatMap((limit) => {
    const millis = parseResetDuration(headers.get(`x-ratelimit-reset-${limit}`));
    return millis === null ? [] : [{ limit, millis, exhausted: headers.get(`x-ratelimit-remaining-${limit}`)?.trim() === '0' }];
  });
  const exhausted = resets.filter((reset) => reset.exhausted);
  const candidates = exhausted.length > 0 ? exhausted : resets;
  const latest = candidates.reduce<(typeof resets)[number] | null>((best, reset) => (best === null || reset.millis > best.millis ? reset : best), null);
  return latest ? { limit: latest.limit, resetsAt: new Date(now + latest.millis) } : null;
}

const UNIT_MILLIS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** "6m0s" → 360000. Null for anything else (a bare number counts as seconds, as some compatible servers send). */
export function parseResetDuration(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) total += Number(amount) * (UNIT_MILLIS[unit ?? 's'] ?? 0);
  return Math.round(total);
}
