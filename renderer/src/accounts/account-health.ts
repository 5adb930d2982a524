/**
 * How the accounts stand, for the Overview: what needs the person's attention (accounts that cannot serve, files
 * that could not be read, usage windows nearly used up) and the one status that sums it up.
 */
import type { AccountList, AccountView, HealthAnswer } from '../admin-api';
import { formatPercent, formatResetCountdown, plural } from '../format';

/** A provider's name as a person knows it ("Claude"), from its id; the catalog supplies it (use-provider-catalog.ts). */
export type ProviderNames = (id: string) => string;

const idsAsNames: ProviderNames = (id) => id;

export interface Attention {
  key: string;
  text: string;
}

export function accountName(account: Pick<AccountView, 'label' | 'email' | 'id'>): string {
  return account.label ?? account.email ?? account.id;
}

/** The accounts of each provider, in the order the providers first appear. */
/** Accounts by the target they serve (a subscription pool, or one API key's instance), as /health counts them. */
function byTarget(accounts: readonly AccountView[]): Map<string, AccountView[]> {
  const groups = new Map<string, AccountView[]>();
  for (const account of accounts) groups.set(account.target, [...(groups.get(account.target) ?? []), account]);
  return groups;
}

/**
 * Providers with no account ready to serve, account files that could not be read, accounts that need a login or
 * are cooling down, and usage windows above 90 %.
 */
export function attentionItems({ accounts, invalid }: AccountList, now: number, nameOf: ProviderNames = idsAsNames): Attention[] {
  const items: Attention[] = [];
  for (const [provider, group] of byTarget(accounts)) {
    if (group.some((account) => account.status === 'ready')) continue;
    items.push({
      key: `${provider}:none-ready`,
      text: `No ${nameOf(provider)} account can serve requests now (0 of ${plural(group.length, 'account')} ready: ${whyNotReady(group)}).`,
    });
  }
  for (const file of invalid) items.push({ key: `file:${file.path}`, text: `An account file could not be read: ${file.path} (${file.problem}).` });
  for (const account of accounts) {
    const name = accountName(account);
    if (account.status === 'needs_login' || account.status === 'cooling') items.push({ key: `${account.id}:state`, text: `${name} (${nameOf(account.provider)}): ${account.state}` });
    for (const window of account.quota?.windows ?? []) {
      if (window.usedPercent > 90) {
        items.push({
          key: `${account.id}:${window.name}`,
          text: `${name} (${nameOf(account.provider)}): ${window.label} at ${formatPercent(window.usedPercent)}, ${formatResetCountdown(window.resetsAt, now)}`,
        });
      }
    }
  }
  return items;
}

const NOT_READY: Record<Exclude<AccountView['status'], 'ready'>, string> = { needs_login: 'need a login', cooling: 'cooling down', disabled: 'disabled' };

/** "2 disabled", "1 need a login, 1 cooling down": why none of these accounts is ready. */
function whyNotReady(accounts: readonly AccountView[]): string {
  return (Object.keys(NOT_READY) as (keyof typeof NOT_READY)[])
    .map((status) => [accounts.filter((account) => account.status === status).length, NOT_READY[status]] as const)
    .filter(([count]) => count > 0)
    .map(([count, words]) => `${count} ${words}`)
    .join(', ');
}

export interface OverallStatus {
  tone: 'ok' | 'warn' | 'bad';
  label: string;
}

/**
 * One status for the proxy and its accounts: "OK" only when an account can serve and nothing needs attention;
 * "Not serving" when no account can serve a request now. Null until the accounts are known.
 */
export function overallStatus(health: HealthAnswer, list: AccountList | null, now: number): OverallStatus | null {
  if (health.status !== 'ok') return { tone: 'warn', label: health.status };
  if (list === null) return null;
  if (list.accounts.length === 0 && list.invalid.length === 0) return { tone: 'warn', label: 'No account yet' };
  if (!list.accounts.some((account) => account.status === 'ready')) return { tone: 'bad', label: 'Not serving' };
  if (attentionItems(list, now).length > 0) return { tone: 'warn', label: 'Needs attention' };
  return { tone: 'ok', label: 'OK' };
}

/** Per provider the app serves: how many of its accounts are ready now, in words. */
export function readiness(health: HealthAnswer, accounts: readonly AccountView[] | null): { provider: string; text: string | null }[] {
  const groups = byTarget(accounts ?? []);
  return Object.entries(health.providers ?? {}).map(([provider, counts]) => {
    if (accounts === null) return { provider, text: `${counts.usable} of ${plural(counts.accounts, 'account')} usable` };
    const group = groups.get(provider) ?? [];
    if (group.length === 0) return { provider, text: null };
    const ready = group.filter((account) => account.status === 'ready').length;
    return { provider, text: `${ready} of ${plural(group.length, 'account')} ready now` };
  });
}
