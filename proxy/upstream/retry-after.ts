/**
 * Milliseconds to wait, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date). Null when absent
 * or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | null {
  const millis = headers.get('retry-after-ms');
  if (millis !== null && /^\d+(\.\d+)?$/.test(millis.trim())) return Math.round(Number(millis));
  const value = headers.get('retry-after');
  if (value === null) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
