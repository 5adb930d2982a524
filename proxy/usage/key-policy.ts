import type { ApiKeyRecord, KeySpend } from './types.js';
import { cliCommand } from '../cli-command.js';

export type KeyRefusal = {
  ok: false;
  status: 401 | 403 | 429;
  kind: 'authentication' | 'permission' | 'rate_limit';
  /** OpenAI-style error code; `insufficient_quota` tells OpenAI clients not to retry (the budget is spent for the month). */
  code: 'key_revoked' | 'key_disabled' | 'key_expired' | 'model_not_allowed' | 'insufficient_quota' | 'rate_limit_exceeded' | 'concurrency_limit_exceeded';
  message: string;
  retryAfterSeconds?: number;
};

export type Admission = { ok: true; release: () => void } | KeyRefusal;

export interface KeyPolicyOptions {
  /** Month-to-date spend of a key (the usage ledger); asked only for keys that have a budget. */
  spendOf: (keyId: string) => KeySpend;
  /** The start (ms) of the calendar month after `now`, UTC: when monthly budgets reset. */
  startOfNextMonth: (now: number) => number;
  now?: () => number;
}

const WINDOW_MS = 60_000;

/**
 * Why a managed key cannot be used at all (revoked, disabled, expired), or null. The one place these states are
 * judged: the auth middleware refuses with it on every route, the policy again before a request.
 */
export function keyStateRefusal(key: ApiKeyRecord, now: number): KeyRefusal | null {
  if (key.revokedAt !== null) {
    return refuse(401, 'authentication', 'key_revoked', 'this key was revoked; ask the Switchboard owner for a new key');
  }
  if (!key.enabled) {
    return refuse(401, 'authentication', 'key_disabled', `this key is disabled; the Switchboard owner can enable it again (\`${cliCommand(`keys update ${key.id} --enable`)}\`)`);
  }
  if (key.expiresAt !== null && key.expiresAt <= now) {
    return refuse(401, 'authentication', 'key_expired', `this key expired at ${new Date(key.expiresAt).toISOString()}; ask the Switchboard owner to extend it or for a new key`);
  }
  return null;
}

/**
 * Whether a managed key may make a request now: revoked, disabled, expired, model allow-list, monthly budgets,
 * requests per minute and requests in flight. The rate and concurrency state lives in memory (per process);
 * budgets come from the ledger.
 *
 * Budgets are checked against the spend recorded so far, and the ledger records a request when it ends, so a
 * key may overshoot its budget by what its requests already in flight use. That is accepted: the alternative,
 * reserving an estimate up front, would refuse requests on a guess.
 */
export class KeyPolicy {
  /** Admission times within the last minute, oldest first, per key that has an RPM limit. */
  private readonly recent = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: KeyPolicyOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Admits the request (call `release` when it ends, however it ends) or says why not. `model` null: none named. */
  admit(key: ApiKeyRecord, model: string | null): Admission {
    const now = this.now();
    const refusal = this.checkKey(key, model, now) ?? this.checkBudgets(key, now) ?? this.checkRate(key, now) ?? this.checkConcurrency(key);
    if (refusal) return refusal;

    // Only admitted requests count towards the rate: a client retrying after a 429 does not push its own window on.
    if (key.rpmLimit !== null) {
      const times = this.recent.get(key.id);
      if (times) times.push(now);
      else this.recent.set(key.id, [now]);
    }
    this.inFlight.set(key.id, (this.inFlight.get(key.id) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const count = (this.inFlight.get(key.id) ?? 1) - 1;
        if (count > 0) this.inFlight.set(key.id, count);
        else this.inFlight.delete(key.id);
      },
    };
  }

  /** Requests of this key admitted and not yet released. */
  inFlightOf(keyId: string): number {
    return this.inFlight.get(keyId) ?? 0;
  }

  private checkKey(key: ApiKeyRecord, model: string | null, now: number): KeyRefusal | null {
    const unusable = keyStateRefusal(key, now);
    if (unusable) return unusable;
    if (model !== null && key.allowedModels !== null && !key.allowedModels.includes(model)) {
      return refuse(403, 'permission', 'model_not_allowed', `this key may not use the model "${model}"; it may use: ${key.allowedModels.join(', ')}`);
    }
    return null;
  }

  private checkBudgets(key: ApiKeyRecord, now: number): KeyRefusal | null {
    if (key.monthlyTokenBudget === null && key.monthlyCostBudgetUsd === null) return null;
    const spend = this.options.spendOf(key.id);
    const resetsAt = this.options.startOfNextMonth(now);
    const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
    const resets = `it resets at ${new Date(resetsAt).toISOString()}`;
    if (key.monthlyTokenBudget !== null && spend.tokens >= key.monthlyTokenBudget) {
      const message = `this key has used its monthly token budget of ${formatCount(key.monthlyTokenBudget)} tokens (${formatCount(spend.tokens)} used); ${resets}`;
      return { ...refuse(429, 'rate_limit', 'insufficient_quota', message), retryAfterSeconds };
    }
    // Requests to unpriced models add no cost here: their cost is unknown, and a guess would be worse than none.
    if (key.monthlyCostBudgetUsd !== null && spend.costUsd >= key.monthlyCostBudgetUsd) {
      const message = `this key has used its monthly cost budget of $${key.monthlyCostBudgetUsd.toFixed(2)} ($${spend.costUsd.toFixed(2)} used, at API prices); ${resets}`;
      return { ...refuse(429, 'rate_limit', 'insufficient_quota', message), retryAfterSeconds };
    }
    return null;
  }

  private checkRate(key: ApiKeyRecord, now: number): KeyRefusal | null {
    const times = this.recent.get(key.id);
    if (!times) return null;
    const firstInWindow = times.findIndex((time) => time > now - WINDOW_MS);
    if (firstInWindow === -1) {
      this.recent.delete(key.id);
      return null;
    }
    times.splice(0, firstInWindow);
    if (key.rpmLimit === null || times.length < key.rpmLimit) return null;
    // A slot frees when enough requests leave the window: the oldest, or more if the limit was lowered since.
    const freesAt = (times[times.length - key.rpmLimit] ?? now) + WINDOW_MS;
    const message = `this key may make ${key.rpmLimit} requests a minute and has made ${times.length} in the last minute; retry later`;
    return { ...refuse(429, 'rate_limit', 'rate_limit_exceeded', message), retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }

  private checkConcurrency(key: ApiKeyRecord): KeyRefusal | null {
    const running = this.inFlightOf(key.id);
    if (key.concurrencyLimit === null || running < key.concurrencyLimit) return null;
    const message = `this key may have ${key.concurrencyLimit} request${key.concurrencyLimit === 1 ? '' : 's'} in flight at once and has ${running}; retry when one has finished`;
    return refuse(429, 'rate_limit', 'concurrency_limit_exceeded', message);
  }
}

function refuse(status: KeyRefusal['status'], kind: KeyRefusal['kind'], code: KeyRefusal['code'], message: string): KeyRefusal {
  return { ok: false, status, kind, code, message };
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
