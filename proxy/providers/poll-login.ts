/**
 * The waiting half of the device-code and poll login methods, shared by every provider: a provider only starts
 * its login and answers one poll at a time (PolledLogin); this polls it on its schedule — the interval, what a
 * slow-down adds, the backoff and its cap, the expiry — and stops at once when the signal is aborted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Account } from '../accounts/account-file.js';
import type { PollAnswer, PolledLogin, PollSchedule } from './provider-module.js';

/** How a waiting login ended. */
export type LoginWaitOutcome =
  | { kind: 'done'; account: Account }
  /** The provider refused, or a poll could not be made; the reason in words. */
  | { kind: 'failed'; reason: string }
  /** The code or page ran out of time (the provider's life, the caller's, or the polls allowed). */
  | { kind: 'expired' }
  | { kind: 'cancelled' };

export interface WaitForLoginOptions {
  /** Ends the wait (and the poll in flight) with `cancelled`. */
  signal?: AbortSignal;
  /** A bound of the caller's own: the earlier of it and the login's own expiry ends the wait. */
  lifeMs?: number;
  now?: () => number;
}

/**
 * A poll that could not be made (no network for a moment, a connection reset) is tried again at the next interval;
 * this many in a row end the login, with the last one's reason.
 */
export const MAX_FAILED_POLLS_IN_A_ROW = 3;

/** Polls `login` until it is done, refused, expired or cancelled; never throws. */
export async function waitForLogin(login: PolledLogin, options: WaitForLoginOptions = {}): Promise<LoginWaitOutcome> {
  const now = options.now ?? Date.now;
  const signal = options.signal ?? new AbortController().signal;
  const { schedule } = login;
  const deadline = now() + Math.min(schedule.expiresInMs, options.lifeMs ?? Number.POSITIVE_INFINITY);
  let interval = schedule.intervalMs;
  let polls = 0;
  let failedInARow = 0;
  for (;;) {
    // Never sleeps past the deadline, and never polls at or after it.
    if (!(await pause(Math.min(interval, deadline - now()), signal))) return { kind: 'cancelled' };
    if (now() >= deadline) return { kind: 'expired' };
    polls += 1;
    let answer: PollAnswer;
    try {
      answer = await login.pollOnce(signal);
      failedInARow = 0;
    } catch (error) {
      if (signal.aborted) return { kind: 'cancelled' };
      failedInARow += 1;
      if (failedInARow >= MAX_FAILED_POLLS_IN_A_ROW) return { kind: 'failed', reason: `the login could not be checked: ${describe(error)}` };
      answer = { kind: 'pending' };
    }
    // An account that was saved stays saved, even when the wait was cancelled meanwhile.
    if (answer.kind === 'done') return answer;
    if (signal.aborted) return { kind: 'cancelled' };
    switch (answer.kind) {
      case 'refused':
        return { kind: 'failed', reason: answer.reason };
      case 'expired':
        return { kind: 'expired' };
      case 'slow-down':
        interval += schedule.slowDownMs;
        break;
      case 'pending':
        interval = nextInterval(interval, schedule);
        break;
    }
    if (schedule.maxPolls !== undefined && polls >= schedule.maxPolls) return { kind: 'expired' };
  }
}

/** The delay after a pending answer: the same, or grown by the backoff factor up to its cap. */
export function nextInterval(interval: number, schedule: Pick<PollSchedule, 'backoff'>): number {
  if (!schedule.backoff) return interval;
  return Math.max(interval, Math.min(interval * schedule.backoff.factor, schedule.backoff.maxIntervalMs));
}

/** An error's message, with its cause's where fetch hides the real one ("fetch failed": ECONNREFUSED). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause && cause !== error.message ? `${error.message} (${cause})` : error.message;
}

/** Waits `ms` (none when it is not positive); false when the signal was aborted before or during the wait. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
