/**
 * The dashboard's one typed client for the proxy's admin API (admin keys only): every page calls the proxy
 * through it. Every failure becomes an Error whose message is a sentence the page can show as it is.
 */
import type { LoginMethod, ProviderCatalog, ProviderCatalogEntry } from '../../proxy/providers/catalog.js';
import type { ClientId } from '../../proxy/clients/client-setup.js';
import type { ApiKeyRecord, KeyRole, KeySpend } from '../../proxy/usage/types.js';
import type { Bucket as UsageBucket, GroupBy as UsageGroupBy } from '../../proxy/usage/usage-stats.js';
import { cleanModels, parseClients, parseConfigure, parseFindings, parseRestore, type ClientState, type ConfigureOutcome, type Finding, type ModelChoices, type RestoreOutcome } from './clients/clients-api';
import { isRecord } from './is-record';
import { requestsPath, type RecentRequestsPage, type RequestFilters } from './requests/requests-api';
import { parseUsageReport, type UsageReport } from './usage/usage-api';
import { cliCommand } from './cli-command';
import type { ApiKeyView } from '../../proxy/http/routes/admin-keys.js';

export type { ApiKeyRecord, KeyRole, KeySpend };

export interface QuotaWindowView {
  name: string;
  label: string;
  usedPercent: number;
  resetsAt: string | number | null;
}

/** What an account can do now (GET /admin/accounts `status`): the page picks its badge and actions by it. */
export type AccountStatus = 'ready' | 'cooling' | 'needs_login' | 'disabled';

/** A plan's credits besides its windows (ChatGPT's), as the admin API reports them. */
export interface QuotaCredits {
  hasCredits: boolean;
  unlimited: boolean;
  balance: string | null;
}

export interface AccountView {
  id: string;
  provider: string;
  /** The target it serves (`openai-key:personal`), as /health names them. */
  target: string;
  email: string | null;
  label: string | null;
  plan: string | null;
  priority: number;
  enabled: boolean;
  status: AccountStatus;
  /** In words: "ready", "cooling until 14:05: 5-hour limit", "needs login: …". */
  state: string;
  cooldownUntil: string | null;
  cooldownReason: string | null;
  needsLogin: unknown;
  quota: { windows: QuotaWindowView[]; credits?: QuotaCredits | null; observedAt: string | number | null; source: string | null; lastError: string | null } | null;
  usage: { requests: number; errors: number; lastUsedAt: string | null; lastError: string | null };
}

export interface InvalidAccountFileView {
  path: string;
  problem: string;
}

export interface AccountList {
  accounts: AccountView[];
  invalid: InvalidAccountFileView[];
}

export interface AccountChanges {
  enabled?: boolean;
  priority?: number;
  label?: string;
}

export type KeyView = ApiKeyView;
export type CreatedKey = KeyView & { secret: string };

export interface KeyLimits {
  owner?: string | null;
  role?: KeyRole;
  expiresAt?: number | null;
  allowedModels?: string[] | null;
  monthlyTokenBudget?: number | null;
  monthlyCostBudgetUsd?: number | null;
  rpmLimit?: number | null;
  concurrencyLimit?: number | null;
  /** The only target (a name the routing table knows) or account the key's requests go to; at most one of them. */
  pinnedTarget?: string | null;
  pinnedAccount?: string | null;
}

export interface KeyInput extends KeyLimits {
  label: string;
}

export interface KeyChanges extends KeyLimits {
  label?: string;
  enabled?: boolean;
}

// The admin API's own types: the renderer imports them as types only (ARCHITECTURE.md boundaries).
export type { UsageTotals, Bucket as UsageBucket, GroupBy as UsageGroupBy } from '../../proxy/usage/usage-stats.js';

/** GET /admin/usage: every field may be left out (the proxy then uses its defaults, e.g. the last 30 days). */
export interface UsageQuery {
  bucket?: UsageBucket;
  groupBy?: UsageGroupBy;
  from?: number;
  to?: number;
  provider?: string;
  key?: string;
  account?: string;
  model?: string;
}

/** A model this Switchboard serves now (GET /v1/models, newest of each family first). */
export interface ServedModel {
  id: string;
  displayName: string | null;
}

export interface HealthAnswer {
  status: string;
  version: string | null;
  providers: Record<string, { accounts: number; usable: number }>;
}

/** What every dashboard login start answers, whatever its method. */
interface LoginStartCommon {
  attemptId: string;
  /** What the provider allows, to read before logging in; null when there is nothing to say. */
  policyNote: string | null;
  /** Until when the login can be finished (the code's or page's own life, at most 10 minutes). */
  expiresAt: string;
  /** The account this login renews, or null for a new account. */
  renews: string | null;
}

/** A paste-code login: open `url`, authorize, then paste the code shown into `finishLogin`. */
export interface PasteCodeLoginStart extends LoginStartCommon {
  kind: 'paste-code';
  method: { kind: 'paste-code'; id: string; finish: string };
  url: string;
}

/** A device-code login: enter `userCode` at `verificationUrl`; the server polls, `status` says how it goes. */
export interface DeviceCodeLoginStart extends LoginStartCommon {
  kind: 'device-code';
  method: { kind: 'device-code'; id: string };
  userCode: string;
  verificationUrl: string;
  /** The status endpoint (GET: how it goes; DELETE: cancel). */
  status: string;
}

/** A poll login: open `url` and log in there; the server polls, `status` says how it goes. */
export interface PollLoginStart extends LoginStartCommon {
  kind: 'poll';
  method: { kind: 'poll'; id: string };
  url: string;
  status: string;
}

/** A dashboard login in progress, as a tagged union on `kind` (the provider catalog's login method kinds). */
export type LoginStart = PasteCodeLoginStart | DeviceCodeLoginStart | PollLoginStart;

/** How a login that runs in the server goes (GET of its `status`). */
export type LoginStatus = { status: 'pending' } | { status: 'done'; account: LoggedInAccount } | { status: 'failed'; reason: string } | { status: 'expired' };

/**
 * The admin API's error code when a login is over (the provider refused its code, or it expired): only a new
 * login, with a fresh link, can go on. Other failures leave the login open for another paste.
 */
export const LOGIN_OVER_CODE = 'start_again';

export type { LoginMethod, ProviderCatalog, ProviderCatalogEntry };

export interface LoggedInAccount {
  id: string;
  email: string | null;
  plan: string | null;
}

/** Adding and removing accounts from the dashboard (POST /admin/accounts/login…, /import, DELETE /admin/accounts/:id). */
export interface AccountLoginApi {
  /**
   * Starts a login by the provider's `method` (default: its first a browser can drive); with `renews`, a new login
   * of that account, which replaces its tokens instead of adding an account.
   */
  startLogin(provider: string, renews?: string | null, method?: string): Promise<LoginStart>;
  /** Finishes a paste-code login with the pasted `code#state` (or the whole address the browser ended on). */
  finishLogin(attemptId: string, code: string): Promise<LoggedInAccount>;
  /** How a device-code or poll login goes. */
  loginStatus(attemptId: string): Promise<LoginStatus>;
  /** Cancels a login (one that polls in the server stops). */
  cancelLogin(attemptId: string): Promise<void>;
  /** Deletes the account file; the account comes back only with a new login. */
  removeAccount(id: string): Promise<void>;
  /** Copies the login another tool holds on the proxy's machine (`switchboard import claude-code`). */
  importAccount(source: string): Promise<ImportedAccount>;
  /** The provider catalog (GET /admin/providers): the providers, their login methods and importers, as data. */
  providers(): Promise<ProviderCatalog>;
}

export interface ImportedAccount {
  account: LoggedInAccount;
  /** What to tell the person, e.g. that both tools now share one refresh-token family. */
  message: string;
}

/** The login calls, built on `request` (createAdminApi's client includes them). */
export function accountLoginApi(api: Pick<AdminApi, 'request'>): AccountLoginApi {
  const id = (value: string) => encodeURIComponent(value);
  return {
    startLogin: (provider, renews, method) =>
      api.request<LoginStart>('POST', '/admin/accounts/login', { provider, ...(renews ? { accountId: renews } : {}), ...(method ? { method } : {}) }),
    finishLogin: async (attemptId, code) => (await api.request<{ account: LoggedInAccount }>('POST', `/admin/accounts/login/${id(attemptId)}`, { code })).account,
    loginStatus: (attemptId) => api.request<LoginStatus>('GET', `/admin/accounts/login/${id(attemptId)}`),
    cancelLogin: async (attemptId) => {
      await api.request<unknown>('DELETE', `/admin/accounts/login/${id(attemptId)}`);
    },
    removeAccount: async (accountId) => {
      await api.request<unknown>('DELETE', `/admin/accounts/${id(accountId)}`);
    },
    importAccount: (source) => api.request<ImportedAccount>('POST', '/admin/accounts/import', { source }),
    providers: () => api.request<ProviderCatalog>('GET', '/admin/providers'),
  };
}

export interface AdminApi extends AccountLoginApi {
  health(): Promise<HealthAnswer>;
  accounts(): Promise<AccountView[]>;
  /** Accounts and the files in auth-dir that could not be used, with the problem of each. */
  accountsWithProblems(): Promise<AccountList>;
  updateAccount(id: string, changes: AccountChanges): Promise<AccountView>;
  refreshQuota(id: string): Promise<AccountView>;
  /** "Try now": ends the account's cooldown, so the next request may use it. */
  clearCooldown(id: string): Promise<AccountView>;
  reloadAccounts(): Promise<void>;
  keys(): Promise<KeyView[]>;
  createKey(input: KeyInput): Promise<CreatedKey>;
  updateKey(id: string, changes: KeyChanges): Promise<KeyView>;
  revokeKey(id: string): Promise<KeyView>;
  /** Totals and the time series; throws a sentence when the answer is not a usage report. */
  usage(query?: UsageQuery): Promise<UsageReport>;
  /** Every request of the range as CSV (the key is a header, so the file is fetched, not linked). */
  usageCsv(query: UsageQuery): Promise<Blob>;
  /** The newest requests matching `filters`, or those older than `before` (the previous page's `next`). */
  recentRequests(filters: RequestFilters, before?: number | null): Promise<RecentRequestsPage>;
  /** The models this Switchboard serves now (those of providers with a usable account). */
  models(): Promise<ServedModel[]>;
  /** Claude Code and the Codex CLI on the proxy's machine: set up for this Switchboard or not. */
  clients(): Promise<ClientState[]>;
  /** Points a client at this Switchboard with a key of its own; only the model fields filled in are sent. */
  configureClient(client: ClientId, models?: ModelChoices): Promise<ConfigureOutcome>;
  restoreClient(client: ClientId): Promise<RestoreOutcome>;
  clientDoctor(client: ClientId): Promise<Finding[]>;
  /** Any other admin path (GET unless a method is given), for calls this client does not cover yet. */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Thrown for every failed call; `status` is the HTTP status (0 when the proxy could not be reached). */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export const WRONG_KEY_MESSAGE = 'The proxy did not accept this key as an admin key. Paste the owner key or a managed key with the admin role.';

function serverMessage(body: unknown): { message: string | null; code: string | null } {
  if (!isRecord(body)) return { message: null, code: null };
  const error = body.error;
  if (isRecord(error)) {
    return {
      message: typeof error.message === 'string' && error.message.trim() !== '' ? error.message : null,
      code: typeof error.code === 'string' ? error.code : null,
    };
  }
  return { message: typeof error === 'string' ? error : null, code: null };
}

function describeFailure(status: number, body: unknown): AdminApiError {
  const { message, code } = serverMessage(body);
  // A 403 for an action only the owner key may take is not about the admin key: its message says it all.
  if (status === 401 || (status === 403 && code !== 'owner_key_required')) {
    return new AdminApiError(`${WRONG_KEY_MESSAGE} \`${cliCommand('key show')}\` prints the owner key.${message ? ` (The proxy said: ${message})` : ''}`, status, code);
  }
  if (message) return new AdminApiError(message, status, code);
  if (status === 404) return new AdminApiError('The proxy does not know this admin address (is it an older version?).', status, code);
  return new AdminApiError(`The proxy answered with status ${status} and no explanation.`, status, code);
}

/** The query string of /admin/usage; the CSV export takes the same range and filters, but no series. */
function usageSearch(query: UsageQuery, withSeries = true): string {
  const params = new URLSearchParams();
  if (withSeries && query.bucket) params.set('bucket', query.bucket);
  if (withSeries && query.groupBy) params.set('group-by', query.groupBy);
  if (query.from !== undefined) params.set('from', String(query.from));
  if (query.to !== undefined) params.set('to', String(query.to));
  if (query.provider) params.set('provider', query.provider);
  if (query.key) params.set('key', query.key);
  if (query.account) params.set('account', query.account);
  if (query.model) params.set('model', query.model);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface AdminApiOptions {
  fetch?: typeof fetch;
  /** Called when the proxy stops accepting the key (401: revoked or changed), before the call rejects. */
  onUnauthorized?: (error: AdminApiError) => void;
}

export function createAdminApi(key: string, options: AdminApiOptions = {}): AdminApi {
  const fetchImpl = options.fetch ?? ((...args) => fetch(...args));

  async function request<T>(method: string, path: string, body?: unknown, withKey = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (withKey) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new AdminApiError('Cannot reach the proxy. Is it running?', 0);
    }
    let parsed: unknown = null;
    const text = await response.text().catch(() => '');
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Non-JSON answers (the CSV export) are handed back as text; a broken JSON answer is an error.
        if (response.ok && isJson) throw new AdminApiError('The proxy sent an answer that was not understood (is this a Switchboard proxy?).', response.status);
        if (response.ok) return text as T;
      }
    }
    if (!response.ok) {
      const failure = describeFailure(response.status, parsed);
      if (failure.status === 401) options.onUnauthorized?.(failure);
      throw failure;
    }
    return parsed as T;
  }

  const id = (value: string) => encodeURIComponent(value);

  const core: Omit<AdminApi, keyof AccountLoginApi> = {
    health: () => request<HealthAnswer>('GET', '/health', undefined, false),
    accounts: async () => (await request<{ accounts: AccountView[] }>('GET', '/admin/accounts')).accounts ?? [],
    accountsWithProblems: async () => {
      const answer = await request<Partial<AccountList>>('GET', '/admin/accounts');
      return { accounts: answer.accounts ?? [], invalid: answer.invalid ?? [] };
    },
    updateAccount: (accountId, changes) => request<AccountView>('PATCH', `/admin/accounts/${id(accountId)}`, changes),
    refreshQuota: (accountId) => request<AccountView>('POST', `/admin/accounts/${id(accountId)}/quota`),
    clearCooldown: (accountId) => request<AccountView>('POST', `/admin/accounts/${id(accountId)}/cooldown/clear`),
    reloadAccounts: async () => {
      await request<unknown>('POST', '/admin/reload');
    },
    keys: async () => (await request<{ keys: KeyView[] }>('GET', '/admin/keys')).keys ?? [],
    createKey: (input) => request<CreatedKey>('POST', '/admin/keys', input),
    updateKey: (keyId, changes) => request<KeyView>('PATCH', `/admin/keys/${id(keyId)}`, changes),
    revokeKey: (keyId) => request<KeyView>('DELETE', `/admin/keys/${id(keyId)}`),
    usage: async (query = {}) => parseUsageReport(await request<unknown>('GET', `/admin/usage${usageSearch(query)}`)),
    usageCsv: async (query) => {
      const csv = await request<unknown>('GET', `/admin/usage/export.csv${usageSearch(query, false)}`);
      if (typeof csv !== 'string') throw new Error('The proxy did not send a CSV file.');
      return new Blob([csv], { type: 'text/csv' });
    },
    recentRequests: (filters, before) => request<RecentRequestsPage>('GET', requestsPath(filters, before)),
    models: async () => {
      const answer = await request<unknown>('GET', '/v1/models');
      const list = isRecord(answer) && Array.isArray(answer.data) ? answer.data.filter(isRecord) : [];
      return list
        .filter((model) => typeof model.id === 'string')
        .map((model) => ({ id: String(model.id), displayName: typeof model.display_name === 'string' ? model.display_name : null }));
    },
    clients: async () => parseClients(await request<unknown>('GET', '/admin/clients')),
    configureClient: async (client, models = {}) => {
      const chosen = cleanModels(models);
      return parseConfigure(await request<unknown>('POST', `/admin/clients/${client}/configure`, chosen ? { models: chosen } : {}));
    },
    restoreClient: async (client) => parseRestore(await request<unknown>('POST', `/admin/clients/${client}/restore`)),
    clientDoctor: async (client) => parseFindings(await request<unknown>('GET', `/admin/clients/${client}/doctor`)),
    request: (method, path, body) => request(method, path, body),
  };
  return { ...core, ...accountLoginApi(core) };
}

/** The message of any thrown value, in words. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
