import type { Failure, FailureClass } from '../upstream/failure.js';

/** What the proxy knows about an account while it runs, beside its file: cooldown and counters. Survives reloads. */
export interface AccountRuntime {
  cooldownUntil: number | null;
  cooldownReason: string | null;
  /** Why: a used-up window (hard: the upstream would refuse too) or a passing problem (soft). */
  cooldownClass: FailureClass | null;
  /** Failures in a row since the last success (drives exponential backoff). */
  consecutiveFailures: number;
  requests: number;
  errors: number;
  lastUsedAt: number | null;
  lastError: string | null;
}

/** Backoff when the provider gives no reset time: base · 2^(failures−1), capped, with ±20 % jitter. */
const BACKOFF: Record<FailureClass, { baseMs: number; capMs: number } | null> = {
  rate_limit: { baseMs: 60_000, capMs: 30 * 60_000 },
  quota_exhausted: { baseMs: 30 * 60_000, capMs: 6 * 60 * 60_000 },
  overloaded: { baseMs: 5_000, capMs: 2 * 60_000 },
  network: { baseMs: 10_000, capMs: 5 * 60_000 },
  stream_error: { baseMs: 5_000, capMs: 2 * 60_000 },
  /** Refused even after a refresh: wait before trying this login again (other accounts serve meanwhile). */
  auth: { baseMs: 60_000, capMs: 30 * 60_000 },
  bad_request: null,
  permission: null,
};

/** A little extra after the provider's own reset time, so the first retry does not land a moment early. */
const RESET_MARGIN_MS = 2_000;

export class AccountRuntimes {
  private readonly byId = new Map<string, AccountRuntime>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  get(id: string): AccountRuntime {
    let runtime = this.byId.get(id);
    if (!runtime) {
      runtime = { cooldownUntil: null, cooldownReason: null, cooldownClass: null, consecutiveFailures: 0, requests: 0, errors: 0, lastUsedAt: null, lastError: null };
      this.byId.set(id, runtime);
    }
    return runtime;
  }

  isCooling(id: string): boolean {
    const until = this.get(id).cooldownUntil;
    return until !== null && until > this.now();
  }

  /**
   * Cooling because a usage window is used up: the upstream would refuse it too, so it is not tried even as a
   * last resort. A soft cooldown (overload, network) is skipped while other accounts can serve, no longer.
   */
  isHardCooling(id: string): boolean {
    const runtime = this.get(id);
    return this.isCooling(id) && (runtime.cooldownClass === 'rate_limit' || runtime.cooldownClass === 'quota_exhausted');
  }

  recordUse(id: string): void {
    const runtime = this.get(id);
    runtime.requests += 1;
    runtime.lastUsedAt = this.now();
  }

  recordSuccess(id: string): void {
    this.get(id).consecutiveFailures = 0;
    this.clearCooldown(id);
  }

  /** Ends the cooldown now; the failures in a row still count, so a new failure backs off as before. */
  clearCooldown(id: string): void {
    const runtime = this.get(id);
    runtime.cooldownUntil = null;
    runtime.cooldownReason = null;
    runtime.cooldownClass = null;
  }

  /** A new login: what went wrong with the old one no longer applies (request and error counts stay). */
  startAfresh(id: string): void {
    const runtime = this.get(id);
    this.clearCooldown(id);
    runtime.consecutiveFailures = 0;
    runtime.lastError = null;
  }

  /** Records a failure and cools the account down when the class calls for it; returns the cooldown end. */
  recordFailure(id: string, failure: Failure): number | null {
    const runtime = this.get(id);
    runtime.errors += 1;
    runtime.consecutiveFailures += 1;
    runtime.lastError = failure.reason;
    const backoff = BACKOFF[failure.class];
    if (!backoff) return null;
    const until = failure.retryAt
      ? failure.retryAt.getTime() + RESET_MARGIN_MS
      : this.now() + this.jitter(Math.min(backoff.capMs, backoff.baseMs * 2 ** (runtime.consecutiveFailures - 1)));
    runtime.cooldownUntil = Math.max(until, runtime.cooldownUntil ?? 0);
    runtime.cooldownReason = failure.reason;
    runtime.cooldownClass = failure.class;
    return runtime.cooldownUntil;
  }

  private jitter(ms: number): number {
    return Math.round(ms * (0.8 + 0.4 * this.random()));
  }
}
