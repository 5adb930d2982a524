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
    /**
     * Nothing changes until the owner acts (no account at all, or each one disabled or needing a login): retrying is
     * pointless, and clients are told so.
     */
    readonly ownerMustAct = false,
  ) {
    super(detail ? `${summary} — ${detail}` : summary);
    this.name = 'NoUsableAccountError';
  }
}

/**
 * An account's login cannot be used (no refresh token, refresh refused or failed). `problem` says what without
 * naming the account, e.g. "needs a new login: the refresh token was refused"; `fix` is the owner's next step
 * ("run `switchboard login anthropic`"); `detail` is what only the owner may read (an underlying error can name a
 * file, and so the account).
 */
export class AccountLoginError extends Error {
  readonly fix: string | null;
  readonly detail: string | null;

  constructor(
    readonly accountId: string,
    readonly problem: string,
    owner: { fix?: string; detail?: string } = {},
    options?: ErrorOptions,
  ) {
    super(`account ${accountId} ${problem}${owner.fix ? ` — ${owner.fix}` : ''}${owner.detail ? `: ${owner.detail}` : ''}`, options);
    this.name = 'AccountLoginError';
    this.fix = owner.fix ?? null;
    this.detail = owner.detail ?? null;
  }
}

/**
 * The provider refused an account's refresh token: only a new login brings the account back. `reason` says why in
 * words a person understands ("the refresh token was already used by another program"), when the provider said.
 */
export class LoginRefusedError extends Error {
  readonly reason: string | null;

  constructor(message: string, options?: ErrorOptions & { reason?: string }) {
    super(message, options);
    this.name = 'LoginRefusedError';
    this.reason = options?.reason ?? null;
  }
}
