/**
 * The accounts as the tray and the notifications need them, read from the running proxy's admin API
 * (GET /admin/accounts, the same answer the dashboard reads) with the owner key. The answer is checked against
 * a schema of just the fields used here; anything else the proxy adds is ignored.
 */
import { z } from 'zod';

const quotaWindowSchema = z.object({
  name: z.string(),
  label: z.string(),
  usedPercent: z.number(),
  resetsAt: z.union([z.string(), z.number()]).nullable(),
});

const accountSchema = z.object({
  id: z.string(),
  provider: z.string(),
  email: z.string().nullable(),
  label: z.string().nullable(),
  enabled: z.boolean(),
  /** In words: "ready", "needs login: …" (see proxy/accounts/describe-account.ts). */
  state: z.string(),
  needsLogin: z.string().nullable(),
  quota: z.object({ windows: z.array(quotaWindowSchema) }).nullable(),
});

const accountsAnswerSchema = z.object({ accounts: z.array(accountSchema) });

export interface QuotaWindowStatus {
  name: string;
  label: string;
  usedPercent: number;
  /** ms epoch, or null when the provider does not say. */
  resetsAt: number | null;
}

export interface AccountStatus {
  id: string;
  provider: string;
  /** What a person calls the account: its label, else its e-mail, else its id. */
  name: string;
  enabled: boolean;
  /** Why it needs a new login, or null when it does not. */
  needsLogin: string | null;
  windows: QuotaWindowStatus[];
}

export class AccountStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountStatusError';
  }
}

export async function fetchAccountStatus(baseUrl: string, apiKey: string, fetchImpl: typeof fetch, timeoutMs = 10_000): Promise<AccountStatus[]> {
  const url = new URL('/admin/accounts', baseUrl);
  const response = await fetchImpl(url, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(timeoutMs) });
  // The monitor reads the owner key afresh for every poll, so a key rotated meanwhile is refused at most once.
  if (response.status === 401 || response.status === 403) throw new AccountStatusError(`the proxy refused the owner key (${response.status})`);
  if (!response.ok) throw new AccountStatusError(`GET ${url.pathname} answered ${response.status}`);
  const parsed = accountsAnswerSchema.safeParse(await response.json());
  if (!parsed.success) throw new AccountStatusError(`GET ${url.pathname} answered in an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.accounts.map(toAccountStatus);
}

function toAccountStatus(account: z.output<typeof accountSchema>): AccountStatus {
  return {
    id: account.id,
    provider: account.provider,
    name: account.label ?? account.email ?? account.id,
    enabled: account.enabled,
    needsLogin: account.needsLogin,
    windows: (account.quota?.windows ?? []).map((window) => ({ ...window, resetsAt: parseTime(window.resetsAt) })),
  };
}

function parseTime(value: string | number | null): number | null {
  if (value === null) return null;
  const time = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(time) ? time : null;
}

/** The fullest usage window over the enabled accounts, with whose it is; null when none is known. */
export function busiestWindow(accounts: readonly AccountStatus[], now: number): { account: AccountStatus; window: QuotaWindowStatus } | null {
  let best: { account: AccountStatus; window: QuotaWindowStatus } | null = null;
  for (const account of accounts) {
    if (!account.enabled) continue;
    for (const window of account.windows) {
      // A window whose reset time has passed no longer says anything about now.
      if (window.resetsAt !== null && window.resetsAt <= now) continue;
      if (!best || window.usedPercent > best.window.usedPercent) best = { account, window };
    }
  }
  return best;
}

/** Enabled accounts that need a new login. */
export function accountsNeedingLogin(accounts: readonly AccountStatus[]): AccountStatus[] {
  return accounts.filter((account) => account.enabled && account.needsLogin !== null);
}
