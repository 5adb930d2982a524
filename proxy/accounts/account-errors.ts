/**
 * No account of a provider can serve a request now. `summary` says so without naming any account; `detail`
 * names each account and why (for the owner and the log, never for a client key). The message holds both.
 */
export class NoUsableAccountError extends Error {
  constructor(
    readonly provider: string,
    readonly summary: string,
    readonly detail: string | null = null,
    /** When every remaining account is only cooling down: the moment the first one is ready again (ms epoch). */
    readonly retryAt: number | null = null,
  ) {
    super(detail ? `${summary} — ${detail}` : summary);
    this.name = 'NoUsableAccountError';
  }
}

/**
 * An account's login cannot be used (no refresh token, refresh refused or failed). `problem` says what without
 * naming the account, e.g. "needs a new login: the refresh token was refused — run `switchboard login anthropic`";
 * `detail` is what only the owner may read (an underlying error can name a file, and so the account).
 */
export class AccountLoginError extends Error {
  constructor(
    readonly accountId: string,
    readonly problem: string,
    readonly detail: string | null = null,
    options?: ErrorOptions,
  ) {
    super(`account ${accountId} ${problem}${detail ? `: ${detail}` : ''}`, options);
    this.name = 'AccountLoginError';
  }
}
