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

/**
 * Revoked, disabled, expired, blocked by a used-up monthly budget until the month turns, or active. Whether a
 * budget blocks the key is the proxy's own judgement (`blocked` in the admin API, from its key policy).
 */
export function keyState(key: KeyView, now: number): KeyState {
  if (key.revokedAt !== null) return { text: 'revoked', tone: 'bad' };
  if (!key.enabled) return { text: 'disabled', tone: 'warn' };
  if (key.expiresAt !== null && key.expiresAt <= now) return { text: 'expired', tone: 'bad' };
  if (key.blocked) {
    const reason = key.blocked.budget === 'tokens' ? 'its monthly token budget is used up' : 'its monthly cost budget is used up';
    return { text: `blocked until ${formatTime(key.blocked.until, now)}`, tone: 'bad', reason };
  }
  return { text: 'active', tone: 'ok' };
}
