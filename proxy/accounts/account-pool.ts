import { createLogger } from '../log.js';
import { OAuthError } from '../providers/anthropic/oauth.js';
import type { Provider, ProviderCredentials } from '../providers/provider.js';
import { REFRESH_SKEW_MS } from '../providers/anthropic/constants.js';
import { NoUsableAccountError } from './account-errors.js';
import type { Account, ProviderId } from './account-file.js';
import { SingleFlight } from './single-flight.js';
import type { TokenStore } from './token-store.js';

const log = createLogger('accounts/pool');

export function isUsable(account: Account): boolean {
  return account.data.disabled !== true && !account.data.needs_login;
}

/**
 * The accounts of every provider, with their tokens kept fresh: a refresh runs once per account at a time,
 * and a rotated refresh token is written to the account file before the new access token is used.
 */
export class AccountPool {
  private accounts: Account[] = [];
  private readonly refreshes = new SingleFlight<string, Account>();

  constructor(
    private readonly store: TokenStore,
    private readonly providers: ReadonlyMap<ProviderId, Provider>,
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<void> {
    const { accounts } = await this.store.list();
    this.accounts = accounts;
  }

  all(): readonly Account[] {
    return this.accounts;
  }

  usable(provider: ProviderId): Account[] {
    return this.accounts.filter((account) => account.data.provider === provider && isUsable(account));
  }

  /** An account of the provider with a token that is not about to expire. */
  async acquire(provider: ProviderId): Promise<ProviderCredentials> {
    if (this.usable(provider).length === 0) await this.load(); // a login made since start counts at once
    const problems: string[] = [];
    for (const account of this.usable(provider)) {
      try {
        const fresh = this.expiresSoon(account) ? await this.refresh(account, account.data.access_token) : account;
        return { account: fresh, accessToken: fresh.data.access_token };
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw this.noAccount(provider, problems);
  }

  /** After the upstream refused a token: refresh it, unless another request already did. */
  async refreshAfterRejection(credentials: ProviderCredentials): Promise<ProviderCredentials> {
    const current = this.find(credentials.account.id) ?? credentials.account;
    const fresh = await this.refresh(current, credentials.accessToken);
    return { account: fresh, accessToken: fresh.data.access_token };
  }

  private refresh(account: Account, staleAccessToken: string): Promise<Account> {
    return this.refreshes.run(account.id, async () => {
      const current = this.find(account.id) ?? account;
      if (current.data.access_token !== staleAccessToken && !this.expiresSoon(current)) return current; // done meanwhile
      const provider = this.providers.get(current.data.provider);
      const refreshToken = current.data.refresh_token;
      if (!provider || !refreshToken) {
        throw new Error(`account ${current.id} has no refresh token: log in again (${provider?.loginHint ?? 'switchboard login'})`);
      }
      try {
        const tokens = await provider.refreshTokens(refreshToken);
        const saved = await this.store.save({
          id: current.id,
          data: {
            ...current.data,
            access_token: tokens.accessToken,
            refresh_token: tokens.refreshToken ?? refreshToken,
            expires_at: tokens.expiresAt?.toISOString() ?? null,
            needs_login: null,
          },
        });
        this.replace(saved);
        log.info({ account: current.id }, 'token refreshed');
        return saved;
      } catch (error) {
        if (error instanceof OAuthError && error.failure === 'invalid_grant') {
          const reason = `the refresh token was refused — run \`${provider.loginHint}\``;
          this.replace(await this.store.save({ id: current.id, data: { ...current.data, needs_login: reason } }));
          log.warn({ account: current.id }, 'refresh token refused; the account needs a new login');
          throw new Error(`account ${current.id} needs a new login: ${reason}`, { cause: error });
        }
        // Rate limited or unreachable: a token that has not expired yet is still worth a try.
        if (!this.hasExpired(current)) {
          log.warn({ account: current.id, problem: String(error) }, 'refresh failed; using the current token until it expires');
          return current;
        }
        throw new Error(`could not refresh the login of account ${current.id}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    });
  }

  private expiresSoon(account: Account): boolean {
    const expiresAt = account.data.expires_at ? Date.parse(account.data.expires_at) : null;
    return expiresAt !== null && expiresAt - this.now() < REFRESH_SKEW_MS;
  }

  private hasExpired(account: Account): boolean {
    const expiresAt = account.data.expires_at ? Date.parse(account.data.expires_at) : null;
    return expiresAt !== null && expiresAt <= this.now();
  }

  private find(id: string): Account | undefined {
    return this.accounts.find((account) => account.id === id);
  }

  private replace(account: Account): void {
    this.accounts = this.accounts.some((existing) => existing.id === account.id)
      ? this.accounts.map((existing) => (existing.id === account.id ? account : existing))
      : [...this.accounts, account];
  }

  private noAccount(provider: ProviderId, problems: string[]): NoUsableAccountError {
    const hint = this.providers.get(provider)?.loginHint ?? 'switchboard login';
    const all = this.accounts.filter((account) => account.data.provider === provider);
    if (all.length === 0) return new NoUsableAccountError(provider, `no ${provider} account is logged in: run \`${hint}\``);
    const reasons = [
      ...problems,
      ...all.filter((account) => !isUsable(account)).map((account) => `${account.id}: ${account.data.disabled ? 'disabled' : `needs login (${account.data.needs_login})`}`),
    ];
    return new NoUsableAccountError(provider, `no ${provider} account can serve this request — ${reasons.join('; ')}`);
  }
}
