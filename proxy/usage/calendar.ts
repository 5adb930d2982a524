/** Time arithmetic for the ledger, all in UTC so a month or a day means the same on every machine. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The start of the hour holding `at` (ms epoch): the rollup's resolution. */
export function startOfHour(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

export function startOfDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** The first millisecond of the calendar month (UTC) holding `at`. */
export function startOfMonth(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** The first millisecond of the next calendar month (UTC): when monthly budgets start again. */
export function startOfNextMonth(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
