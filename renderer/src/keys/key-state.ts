/** A managed key's state in a word or two, for its badge: whether requests made with it now get through. */
import type { KeyView } from '../admin-api';
import { formatTime } from '../format';

export interface KeyState {
  text: string;
  /** The badge's colour: ok (green), warn (amber), bad (red). */
  tone: 'ok' | 'warn' | 'bad';
  /** Why, when it is not obvious from the text (which budget is used up). */
  reason?: string;
}

/** The first moment of the calendar month (UTC) after `now`: when monthly budgets start again. */
export function startOfNextMonthUtc(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/**
 * Revoked, disabled, expired, blocked by a used-up monthly budget until the month turns, or active. The budget
 * rule is the proxy's key policy (proxy/usage/key-policy.ts): a key is refused once its month-to-date spend has
 * reached a budget, tokens or cost, until the start of the next UTC month.
 */
export function keyState(key: KeyView, now: number): KeyState {
  if (key.revokedAt !== null) return { text: 'revoked', tone: 'bad' };
  if (!key.enabled) return { text: 'disabled', tone: 'warn' };
  if (key.expiresAt !== null && key.expiresAt <= now) return { text: 'expired', tone: 'bad' };
  const spend = key.spend;
  const used =
    spend === null
      ? null
      : key.monthlyTokenBudget !== null && spend.tokens >= key.monthlyTokenBudget
        ? 'its monthly token budget is used up'
        : key.monthlyCostBudgetUsd !== null && spend.costUsd >= key.monthlyCostBudgetUsd
          ? 'its monthly cost budget is used up'
          : null;
  if (used !== null) return { text: `blocked until ${formatTime(startOfNextMonthUtc(now), now)}`, tone: 'bad', reason: used };
  return { text: 'active', tone: 'ok' };
}
