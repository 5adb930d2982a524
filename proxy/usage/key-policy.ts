import { canonicalModelId } from '../models/listed-model.js';
import { formatUsd, formatUsdPair } from './format-usd.js';
import type { ApiKeyRecord, KeySpend } from './types.js';
import { cliCommand } from '../cli-command.js';

export type KeyRefusal = {
  ok: false;
  status: 401 | 403 | 429;
  kind: 'authentication' | 'permission' | 'rate_limit';
  /** OpenAI-style error code; `insufficient_quota` tells OpenAI clients not to retry (the budget is spent for the month). */
  code:
    | 'key_revoked'
    | 'key_disabled'
    | 'key_expired'
    | 'model_not_allowed'
    | 'model_unpriced'
    | 'insufficient_quota'
    | 'rate_limit_exceeded'
    | 'concurrency_limit_exceeded';
  message: string;
  retryAfterSeconds?: number;
};

export type Admission = { ok: true; release: () => void } | KeyRefusal;

/** A key refused by a used-up monthly budget: which budget, and until when (the start of the next UTC month). */
export interface BudgetBlock {
  budget: 'tokens' | 'cost';
  until: number;
}

/**
 * Whether a key's month-to-date spend has reached one of its budgets, and until when it is refused then. The one
 * judgement of a spent budget: the policy refuses with it, and the admin API and the CLI show it.
 */
export function budgetBlock(key: ApiKeyRecord, spend: KeySpend, startOfNextMonth: number): BudgetBlock | null {
  if (key.monthlyTokenBudget !== null && spend.tokens >= key.monthlyTokenBudget) return { budget: 'tokens', until: startOfNextMonth };
  if (key.monthlyCostBudgetUsd !== null && spend.costUsd >= key.monthlyCostBudgetUsd) return { budget: 'cost', until: startOfNextMonth };
  return null;
}

/**
 * What a request may use at most, worked out before it is sent, so a budget is never exceeded: its input estimated
 * from its size, plus the most output it allows; priced as if every input token were a 1-hour cache write (the
 * dearest kind of input).
 */
export interface RequestQuote {
  /** The model as the client named it; null when the request names none (the model list). */
  model: string | null;
  /** The upstream model it resolves to (aliases resolved); null when nothing serves it. */
  resolvedModel: string | null;
  /**
   * The model the cost was quoted for: the dearest its fallback chain may reach (the first target's model when the
   * chain has one target), or one of them that has no price (then `maxCostUsd` is null).
   */
  quotedModel: string | null;
  inputTokensEstimate: number;
  maxOutputTokens: number;
  /** The most it can cost in USD; null when the resolved model has no price. */
  maxCostUsd: number | null;
}

export interface KeyPolicyOptions {
  /** Month-to-date spend of a key (the usage ledger); asked only for keys that have a budget. */
  spendOf: (keyId: string) => KeySpend;
  /** The start (ms) of the calendar month after `now`, UTC: when monthly budgets reset. */
  startOfNextMonth: (now: number) => number;
  /** A model name as the router resolves it (aliases to the newest model), or null: allow-lists compare what is served. */
  resolveModel: (name: string) => string | null;
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
 * requests per minute and requests in flight. The rate, concurrency and reservation state lives in memory (per
 * process); the spend so far comes from the ledger.
 *
 * Budgets hold: a request is admitted only when the spend so far, plus what the requests in flight may still use
 * (reserved at their admission), plus the most this one may use (its quote) stay within the budget. A key with a cost
 * budget never sends a request to a model without a price: its cost could not be counted.
 */
export class KeyPolicy {
  /** Admission times within the last minute, oldest first, per key that has an RPM limit. */
  private readonly recent = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  /** What the admitted, unfinished requests of each key with a budget may still use. */
  private readonly reserved = new Map<string, { tokens: number; costUsd: number }>();
  private readonly now: () => number;

  constructor(private readonly options: KeyPolicyOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Admits the request (call `release` when it ends, however it ends, after its usage was recorded) or says why not.
   * `quote` null: a request that uses no model (the model list).
   */
  admit(key: ApiKeyRecord, quote: RequestQuote | null): Admission {
    const now = this.now();
    const refusal = this.checkKey(key, quote, now) ?? this.checkBudgets(key, quote, now) ?? this.checkRate(key, now) ?? this.checkConcurrency(key);
    if (refusal) return refusal;

    // Only admitted requests count towards the rate: a client retrying after a 429 does not push its own window on.
    if (key.rpmLimit !== null) {
      const times = this.recent.get(key.id);
      if (times) times.push(now);
      else this.recent.set(key.id, [now]);
    }
    this.inFlight.set(key.id, (this.inFlight.get(key.id) ?? 0) + 1);
    const reservation = hasBudget(key) && quote ? { tokens: quote.inputTokensEstimate + quote.maxOutputTokens, costUsd: quote.maxCostUsd ?? 0 } : null;
    if (reservation) this.adjustReserved(key.id, reservation.tokens, reservation.costUsd);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const count = (this.inFlight.get(key.id) ?? 1) - 1;
        if (count > 0) this.inFlight.set(key.id, count);
        else this.inFlight.delete(key.id);
        if (reservation) this.adjustReserved(key.id, -reservation.tokens, -reservation.costUsd);
      },
    };
  }

  /** What a key's requests in flight may still use (reserved at admission). */
  reservedOf(keyId: string): { tokens: number; costUsd: number } {
    return this.reserved.get(keyId) ?? { tokens: 0, costUsd: 0 };
  }

  private adjustReserved(keyId: string, tokens: number, costUsd: number): void {
    const current = this.reservedOf(keyId);
    const next = { tokens: current.tokens + tokens, costUsd: current.costUsd + costUsd };
    if (next.tokens <= 0 && next.costUsd <= 1e-12) this.reserved.delete(keyId);
    else this.reserved.set(keyId, next);
  }

  /** Requests of this key admitted and not yet released. */
  inFlightOf(keyId: string): number {
    return this.inFlight.get(keyId) ?? 0;
  }

  private checkKey(key: ApiKeyRecord, quote: RequestQuote | null, now: number): KeyRefusal | null {
    const unusable = keyStateRefusal(key, now);
    if (unusable) return unusable;
    if (quote?.model && key.allowedModels !== null && !this.allows(key.allowedModels, quote)) {
      return refuse(403, 'permission', 'model_not_allowed', `this key may not use the model "${quote.model}"; it may use: ${key.allowedModels.join(', ')}`);
    }
    return null;
  }

  /**
   * An allow-list entry admits the names that reach the same served model: `claude-haiku-4-5` admits `haiku` (while
   * it stands for it) and the dated id; `sonnet` admits what `sonnet` stands for now.
   */
  /** Whether the key's allow-list (if any) admits this model name, as a request for it would be judged. */
  mayUse(key: ApiKeyRecord, model: string): boolean {
    return key.allowedModels === null || this.allows(key.allowedModels, { model, resolvedModel: this.options.resolveModel(model) });
  }

  private allows(allowed: readonly string[], quote: Pick<RequestQuote, 'model' | 'resolvedModel'>): boolean {
    if (quote.model !== null && allowed.includes(quote.model)) return true;
    const served = canonicalModelId(quote.resolvedModel ?? quote.model ?? '');
    return allowed.some((entry) => canonicalModelId(this.options.resolveModel(entry) ?? entry) === served);
  }

  private checkBudgets(key: ApiKeyRecord, quote: RequestQuote | null, now: number): KeyRefusal | null {
    if (!hasBudget(key)) return null;
    const resetsAt = this.options.startOfNextMonth(now);
    const exhausted = (message: string): KeyRefusal => ({
      ...refuse(429, 'rate_limit', 'insufficient_quota', `${message}; it resets at ${new Date(resetsAt).toISOString()}`),
      retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now) / 1000)),
    });
    if (key.monthlyCostBudgetUsd !== null && quote?.quotedModel && quote.maxCostUsd === null) {
      const reached = quote.quotedModel === quote.resolvedModel ? `the model "${quote.quotedModel}"` : `the model "${quote.quotedModel}" its fallback chain may reach`;
      const message =
        `this key has a monthly cost budget, and ${reached} has no known price, so its cost could not be ` +
        `counted: the Switchboard owner can add one under "pricing:" in config.yaml, e.g. ${quote.quotedModel}: {input: 5, output: 25} (USD per million tokens)`;
      return refuse(403, 'permission', 'model_unpriced', message);
    }
    const spend = this.options.spendOf(key.id);
    const reserved = this.reservedOf(key.id);
    const spent = budgetBlock(key, spend, resetsAt);
    if (spent?.budget === 'tokens') {
      return exhausted(`this key has used its monthly token budget of ${formatCount(key.monthlyTokenBudget ?? 0)} tokens (${formatCount(spend.tokens)} used)`);
    }
    if (spent?.budget === 'cost') {
      return exhausted(`this key has used its monthly cost budget of ${formatUsd(key.monthlyCostBudgetUsd ?? 0)} (${formatUsd(spend.costUsd)} used, at API prices)`);
    }
    if (key.monthlyTokenBudget !== null) {
      const budget = key.monthlyTokenBudget;
      const left = budget - spend.tokens - reserved.tokens;
      const wants = quote ? quote.inputTokensEstimate + quote.maxOutputTokens : 0;
      if (wants > left) {
        return exhausted(
          `this request may use up to ${formatCount(wants)} tokens (about ${formatCount(quote!.inputTokensEstimate)} in, up to ${formatCount(quote!.maxOutputTokens)} out), ` +
            `and ${formatCount(Math.max(0, left))} are left of this key's monthly token budget of ${formatCount(budget)}${affordableOutput(left - quote!.inputTokensEstimate)}`,
        );
      }
    }
    if (key.monthlyCostBudgetUsd !== null) {
      const budget = key.monthlyCostBudgetUsd;
      const left = budget - spend.costUsd - reserved.costUsd;
      const wants = quote?.maxCostUsd ?? 0;
      if (wants > left) {
        const perOutputToken = quote && quote.maxOutputTokens > 0 ? wants / (quote.inputTokensEstimate + quote.maxOutputTokens) : 0;
        const affordable = perOutputToken > 0 ? affordableOutput(Math.floor(left / perOutputToken) - quote!.inputTokensEstimate) : '';
        const [wantsText, leftText] = formatUsdPair(wants, Math.max(0, left));
        return exhausted(
          `this request may cost up to ${wantsText} at API prices (about ${formatCount(quote!.inputTokensEstimate)} tokens in, up to ${formatCount(quote!.maxOutputTokens)} out), ` +
            `and ${leftText} is left of this key's monthly cost budget of ${formatUsd(budget)}${affordable}`,
        );
      }
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


function hasBudget(key: ApiKeyRecord): boolean {
  return key.monthlyTokenBudget !== null || key.monthlyCostBudgetUsd !== null;
}

/** ": lower max_tokens to N or less", when some output still fits; else nothing. */
function affordableOutput(tokens: number): string {
  return tokens >= 1 ? `: lower max_tokens to ${formatCount(tokens)} or less` : '';
}
