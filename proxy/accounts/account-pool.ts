import { createLogger } from '../log.js';
import { AccountLoginError, LoginRefusedError, NoUsableAccountError } from './account-errors.js';
import { targetOf, type Account, type TargetId } from './account-file.js';
import { AccountRuntimes } from './account-runtime.js';
import type { Failure } from '../upstream/failure.js';
import { CredentialRevokedError } from '../upstream/credential-revoked.js';
import { createSelectionState, orderCandidates, recordServed, type SelectionStrategy } from './selection.js';
import { SingleFlight } from './single-flight.js';
import type { InvalidAccountFile, TokenStore } from './token-store.js';
import { cliCommand } from '../cli-command.js';

const log = createLogger('accounts/pool');

/** Refresh a token this long before it expires, so a request never starts with a token about to die. */
const REFRESH_SKEW_MS = 5 * 60 * 1000;

/** The account and the access token (or API key) a request is sent with. */
export interface ProviderCredentials {
  account: Account;
  accessToken: string;
}

/** What a refresh gives: a new access token, maybe a rotated refresh token (null: keep the previous one). */
export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  /** Fields of the provider's own part of the account file the refresh updated (a plan read from a new id token, say). */
  accountFields?: Record<string, unknown>;
}

/**
 * What the pool needs of a target: the command that logs an account in, and a refresh for credentials that
 * refresh (none for a static API key). A refresh token the provider refuses is a `LoginRefusedError`.
 */
export interface PooledTarget {
  /** The name a person knows it by ("Claude"), for messages. */
  readonly displayName: string;
  readonly loginHint: string;
  refreshTokens?(refreshToken: string): Promise<RefreshedTokens>;
}

export function isUsable(account: Account): boolean {
  return account.data.disabled !== true && !account.data.needs_login;
}

/** What a read of auth-dir found: how many accounts, and each file it could not use with its problem. */
export interface AuthDirLoad {
  accounts: number;
  invalid: string[];
}

export interface PoolOptions {
  now?: () => number;
  /** The selection strategy configured for a target. */
  strategyOf?: (target: TargetId) => SelectionStrategy;
  /** When an account's weekly window resets (ms epoch), for the drain-soonest strategy. */
  weeklyResetOf?: (accountId: string) => number | null;
  /** An account came back with a new login (see `load`): what else is kept about it may forget its old errors. */
  onNewLogin?: (accountId: string) => void;
  /**
   * The files were read (see `load`), before their accounts serve: what they define besides accounts (the targets of
   * API-key instances) follows them here, so every reload of auth-dir — whoever asks for it — adds, changes and
   * removes those too.
   */
  onFilesRead?: (accounts: readonly Account[]) => void;
}

export interface AcquireOptions {
  /** Accounts already tried for this request (failover). */
  exclude?: ReadonlySet<string>;
  /** Keeps one conversation on one account (sticky strategy). */
  affinityKey?: string | null;
  /** The only account that may serve (a key pinned to it); no other is ever taken. */
  only?: string | null;
}

/**
 * The accounts of every provider: which one serves a request (strategy, priority, cooldowns), with tokens kept
 * fresh — a refresh runs once per account at a time, and a rotated refresh token is written to the account
 * file before the new access token is used. Runtime state (cooldowns, counters) survives reloads.
 */
export class AccountPool {
  private accounts: Account[] = [];
  private unreadable: InvalidAccountFile[] = [];
  /** By account id, the `logged_in_at` of its file when last read (kept after a removal, like the runtime state). */
  private readonly loginsSeen = new Map<string, string | null>();
  private readonly refreshes = new SingleFlight<string, Account>();
  private readonly selection = createSelectionState();
  readonly runtimes: AccountRuntimes;
  private readonly now: () => number;

  constructor(
    readonly store: TokenStore,
    private readonly targets: ReadonlyMap<TargetId, PooledTarget>,
    private readonly options: PoolOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.runtimes = new AccountRuntimes(this.now);
  }

  /**
   * Reads auth-dir again (upsert: new files join, changed ones update, removed ones leave; counters stay). However
   * the file got there — a login in another process (the auth-dir watcher calls this), the admin API, an import —
   * an account whose file records a login other than the one known here starts afresh: no cooldown, no last error.
   */
  async load(): Promise<AuthDirLoad> {
    const { accounts, invalid } = await this.store.list();
    this.options.onFilesRead?.(accounts);
    this.accounts = accounts;
    this.unreadable = invalid;
    for (const account of accounts) {
      const login = account.data.logged_in_at ?? null;
      if (this.loginsSeen.has(account.id) && this.loginsSeen.get(account.id) !== login) this.startAfresh(account.id);
      this.loginsSeen.set(account.id, login);
    }
    return { accounts: accounts.length, invalid: invalid.map((file) => `${file.path}: ${file.problem}`) };
  }

  /** "Try now": the account may serve the next request although it was cooling down. */
  clearCooldown(accountId: string): void {
    this.runtimes.clearCooldown(accountId);
    log.info({ account: accountId }, 'cooldown cleared by hand');
  }

  private startAfresh(accountId: string): void {
    this.runtimes.startAfresh(accountId);
    this.options.onNewLogin?.(accountId);
    log.info({ account: accountId }, 'new login: cooldown and last error cleared');
  }

  all(): readonly Account[] {
    return this.accounts;
  }

  get(id: string): Account | undefined {
    return this.accounts.find((account) => account.id === id);
  }

  /** Files in auth-dir that the last load could not use, each with its problem in words. */
  invalidFiles(): readonly InvalidAccountFile[] {
    return this.unreadable;
  }

  /** Whether the target has an account that can take a request now: logged in and not cooling off a used-up window. */
  canServe(provider: TargetId): boolean {
    return this.usable(provider).some((account) => !this.runtimes.isHardCooling(account.id));
  }

  /** Whether a target has a usable account at all (cooling off or not): asked on the request path, so it builds no list. */
  hasUsable(provider: TargetId): boolean {
    return this.accounts.some((account) => targetOf(account.data) === provider && isUsable(account));
  }

  usable(provider: TargetId): Account[] {
    return this.accounts.filter((account) => targetOf(account.data) === provider && isUsable(account));
  }

  /**
   * The account to use next, in strategy order, skipping cooling and excluded ones, with a token that is not
   * about to expire. A refresh that fails moves on to the next account.
   */
  async acquire(provider: TargetId, options: AcquireOptions = {}): Promise<ProviderCredentials> {
    if (this.usable(provider).length === 0) await this.load(); // a login made since start counts at once
    const exclude = options.exclude ?? new Set<string>();
    const untried = this.usable(provider).filter((account) => !exclude.has(account.id) && (!options.only || account.id === options.only));
    const ready = untried.filter((account) => !this.runtimes.isCooling(account.id));
    // Nobody ready: an account cooling off a passing problem is still worth a try; a used-up window is not.
    const candidates = ready.length > 0 ? ready : untried.filter((account) => !this.runtimes.isHardCooling(account.id));
    const ordered = orderCandidates({
      provider,
      strategy: this.strategyOf(provider),
      candidates: candidates.map((account) => ({ account, weeklyResetAt: this.options.weeklyResetOf?.(account.id) ?? null })),
      affinityKey: options.affinityKey ?? null,
      state: this.selection,
      now: this.now(),
    });
    const problems: string[] = [];
    for (const account of ordered) {
      try {
        const fresh = this.expiresSoon(account) ? await this.refresh(account, account.data.access_token) : account;
        this.runtimes.recordUse(fresh.id);
        return { account: fresh, accessToken: fresh.data.access_token };
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw this.noAccount(provider, problems, exclude);
  }

  /** The account served the request: sticky sessions bind to it, round-robin moves on, cooldowns clear. */
  served(provider: TargetId, accountId: string, affinityKey: string | null): void {
    recordServed({ provider, strategy: this.strategyOf(provider), affinityKey, accountId, state: this.selection, now: this.now() });
    this.runtimes.recordSuccess(accountId);
  }

  failed(accountId: string, failure: Failure): void {
    const until = this.runtimes.recordFailure(accountId, failure);
    if (until) log.warn({ account: accountId, reason: failure.reason, until: new Date(until).toISOString() }, 'account cooling down');
  }

  /** Fresh credentials of one account, for calls that are not requests (e.g. reading its usage windows). */
  async withCredentials<T>(accountId: string, use: (credentials: ProviderCredentials) => Promise<T>): Promise<T> {
    const account = this.get(accountId);
    if (!account) throw new Error(`no account "${accountId}"`);
    const fresh = this.expiresSoon(account) ? await this.refresh(account, account.data.access_token) : account;
    try {
      return await use({ account: fresh, accessToken: fresh.data.access_token });
    } catch (error) {
      if (error instanceof CredentialRevokedError) throw await this.markRevoked(fresh, error);
      throw error;
    }
  }

  /** The upstream ended the login (not a request's refusal, which refreshes first): the account needs a new login, said in its file. */
  private async markRevoked(account: Account, error: CredentialRevokedError): Promise<AccountLoginError> {
    const provider = this.targets.get(targetOf(account.data));
    const fix = `run \`${provider?.loginHint ?? cliCommand('login')}\``;
    return this.store.withLock(account.id, async () => {
      const onDisk = (await this.store.read(account.id)) ?? account;
      // A login saved meanwhile (other tokens) is not the one that was ended.
      if (onDisk.data.access_token === account.data.access_token) {
        this.replace(await this.store.save({ id: onDisk.id, data: { ...onDisk.data, needs_login: `${error.reason} — ${fix}` } }));
        log.warn({ account: account.id }, 'the upstream ended this login; the account needs a new login');
      } else this.replace(onDisk);
      return new AccountLoginError(account.id, `needs a new login: ${error.reason}`, { fix }, { cause: error });
    });
  }

  /** After the upstream refused a token: refresh it, unless another request already did. */
  async refreshAfterRejection(credentials: ProviderCredentials): Promise<ProviderCredentials> {
    const current = this.get(credentials.account.id) ?? credentials.account;
    const fresh = await this.refresh(current, credentials.accessToken);
    return { account: fresh, accessToken: fresh.data.access_token };
  }

  private refresh(account: Account, staleAccessToken: string): Promise<Account> {
    return this.refreshes.run(account.id, async () => {
      const current = this.get(account.id) ?? account;
      if (current.data.access_token !== staleAccessToken && !this.expiresSoon(current)) return current; // done meanwhile
      const provider = this.targets.get(targetOf(current.data));
      if (provider && !provider.refreshTokens) {
        // A static key the upstream refused stays refused: the account needs a new key, said in its file.
        const reason = `the key was refused — run \`${provider.loginHint}\``;
        this.replace(await this.store.save({ id: current.id, data: { ...current.data, needs_login: reason } }));
        log.warn({ account: current.id }, 'key refused; the account needs a new key');
        throw new AccountLoginError(current.id, 'needs a new key: the upstream refused its key', { fix: `run \`${provider.loginHint}\`` });
      }
      if (!provider?.refreshTokens) {
        throw new AccountLoginError(current.id, 'has no refresh token and needs a new login', { fix: `run \`${provider?.loginHint ?? cliCommand('login')}\`` });
      }
      // One refresh of a login at a time across processes too: a rotating refresh token must never be spent twice.
      return this.store.withLock(current.id, () => this.refreshHoldingLock(current, staleAccessToken, provider as Required<PooledTarget>));
    });
  }

  /**
   * The refresh itself, holding the account's lock. The file is read again first: another process sharing
   * auth-dir (a second Switchboard, the CLI) may have refreshed — and rotated — this login meanwhile, and then its
   * newer tokens are adopted instead of spending the old refresh token again. The write is compare-and-set: it
   * lands only if the file still holds the refresh token that was sent; a login saved meanwhile wins.
   */
  private async refreshHoldingLock(known: Account, staleAccessToken: string, provider: Required<PooledTarget>): Promise<Account> {
    const current = (await this.store.read(known.id)) ?? known;
    this.replace(current);
    if (current.data.needs_login) {
      throw new AccountLoginError(current.id, `needs a new login: ${current.data.needs_login}`, { fix: `run \`${provider.loginHint}\`` });
    }
    if (current.data.access_token !== staleAccessToken && !this.expiresSoon(current)) {
      log.info({ account: current.id }, 'adopted a token another process refreshed');
      return current;
    }
    const refreshToken = current.data.refresh_token;
    if (!refreshToken) {
      throw new AccountLoginError(current.id, 'has no refresh token and needs a new login', { fix: `run \`${provider.loginHint}\`` });
    }
    try {
      const tokens = await provider.refreshTokens(refreshToken);
      const saved = await this.saveIfUnchanged(current, refreshToken, {
        ...current.data,
        ...tokens.accountFields,
        access_token: tokens.accessToken,
        refresh_token: tokens.refreshToken ?? refreshToken,
        expires_at: tokens.expiresAt?.toISOString() ?? null,
        needs_login: null,
      });
      log.info({ account: current.id }, 'token refreshed');
      return saved;
    } catch (error) {
      if (error instanceof LoginRefusedError) {
        const reason = `the refresh token was refused${error.reason ? `: ${error.reason}` : ''} — run \`${provider.loginHint}\``;
        const saved = await this.saveIfUnchanged(current, refreshToken, { ...current.data, needs_login: reason });
        if (!saved.data.needs_login) return saved; // a new login was saved meanwhile: it is the one to use
        log.warn({ account: current.id }, 'refresh token refused; the account needs a new login');
        const problem = `needs a new login: the refresh token was refused${error.reason ? ` (${error.reason})` : ''}`;
        throw new AccountLoginError(current.id, problem, { fix: `run \`${provider.loginHint}\`` }, { cause: error });
      }
      // Rate limited or unreachable: a token that has not expired yet is still worth a try.
      if (!this.hasExpired(current)) {
        log.warn({ account: current.id, problem: String(error) }, 'refresh failed; using the current token until it expires');
        return current;
      }
      throw new AccountLoginError(current.id, 'could not refresh its login', { detail: error instanceof Error ? error.message : String(error) }, { cause: error });
    }
  }

  /** Writes `data` only if the file still holds `refreshToken`; else adopts what the file holds now (a newer login). */
  private async saveIfUnchanged(current: Account, refreshToken: string, data: Account['data']): Promise<Account> {
    const onDisk = await this.store.read(current.id);
    if (onDisk && onDisk.data.refresh_token !== refreshToken) {
      log.info({ account: current.id }, 'the account file changed during the refresh; keeping the newer login');
      this.replace(onDisk);
      return onDisk;
    }
    const saved = await this.store.save({ id: current.id, data });
    this.replace(saved);
    return saved;
  }

  private expiresSoon(account: Account): boolean {
    const expiresAt = account.data.expires_at ? Date.parse(account.data.expires_at) : null;
    return expiresAt !== null && expiresAt - this.now() < REFRESH_SKEW_MS;
  }

  private hasExpired(account: Account): boolean {
    const expiresAt = account.data.expires_at ? Date.parse(account.data.expires_at) : null;
    return expiresAt !== null && expiresAt <= this.now();
  }

  private replace(account: Account): void {
    this.accounts = this.accounts.some((existing) => existing.id === account.id)
      ? this.accounts.map((existing) => (existing.id === account.id ? account : existing))
      : [...this.accounts, account];
  }

  private strategyOf(provider: TargetId): SelectionStrategy {
    return this.options.strategyOf?.(provider) ?? 'sticky';
  }

  private noAccount(provider: TargetId, problems: string[], exclude: ReadonlySet<string>): NoUsableAccountError {
    const hint = this.targets.get(provider)?.loginHint ?? cliCommand('login');
    const all = this.accounts.filter((account) => targetOf(account.data) === provider);
    // The command is the owner's to run: a client key is told that the owner can fix it, not a command of theirs.
    const name = this.targets.get(provider)?.displayName ?? provider;
    if (all.length === 0) return new NoUsableAccountError(provider, `no ${name} account is logged in (the Switchboard's owner can log one in)`, `run \`${hint}\``, null, true);
    const cooling = all.filter((account) => isUsable(account) && !exclude.has(account.id) && this.runtimes.isHardCooling(account.id));
    const soonest = cooling.map((account) => this.runtimes.get(account.id)).sort((a, b) => (a.cooldownUntil ?? 0) - (b.cooldownUntil ?? 0))[0];
    const disabled = all.filter((account) => account.data.disabled === true);
    const needLogin = all.filter((account) => !isUsable(account) && account.data.disabled !== true);
    const reasons = [
      ...problems,
      ...cooling.map((account) => {
        const runtime = this.runtimes.get(account.id);
        return `${account.id}: cooling until ${new Date(runtime.cooldownUntil ?? 0).toISOString()} (${runtime.cooldownReason})`;
      }),
      ...[...exclude].map((id) => `${id}: already tried`),
      ...disabled.map((account) => `${account.id}: disabled`),
      ...needLogin.map((account) => `${account.id}: needs login (${account.data.needs_login})`),
    ];
    // The same reasons counted, naming no account: what a client key may be told.
    const counted = [
      countOf(problems.length, 'could not refresh its login', 'could not refresh their logins'),
      countOf(cooling.length, 'is cooling down', 'are cooling down'),
      countOf(exclude.size, 'was already tried', 'were already tried'),
      countOf(disabled.length, 'is disabled', 'are disabled'),
      countOf(needLogin.length, 'needs a new login', 'need a new login'),
    ].filter((part) => part !== null);
    const summary = `no ${name} account can serve this request${counted.length > 0 ? `: ${counted.join(', ')}` : ''}`;
    const ownerMustAct = disabled.length + needLogin.length === all.length;
    return new NoUsableAccountError(provider, summary, reasons.join('; ') || null, soonest?.cooldownUntil ?? null, ownerMustAct);
  }
}

/** "2 are cooling down", "1 is disabled"; null for none. */
function countOf(count: number, one: string, many: string): string | null {
  if (count === 0) return null;
  return `${count} ${count === 1 ? one : many}`;
}
