import { useState } from 'react';
import { messageOf, type AccountChanges, type AccountView, type AdminApi, type LoggedInAccount, type ProviderCatalogEntry, type QuotaCredits } from '../admin-api';
import { CommandText } from '../components/command-text';
import { Meter } from '../components/ui';
import { useNow } from '../components/use-load';
import { formatAgo, formatCount, formatResetCountdown } from '../format';
import { accountExplanation, lastErrorToShow, STATUS_BADGE } from './account-explanation';
import { accountName } from './account-health';
import { BrowserLogin } from './browser-login';
import { browserLoginMethod } from './use-provider-catalog';
import { RemoveAccount } from './remove-account';
import { describeRelogin, type WindowRelogin } from './window-relogin';

const BADGE: Record<AccountView['status'], string> = { ready: 'ok', cooling: 'warn', disabled: 'warn', needs_login: 'bad' };
const EXPLANATION_CLASS = { error: 'error', warn: 'warn-text', note: 'muted' } as const;

export interface AccountCardProps {
  account: AccountView;
  api: AdminApi;
  /** In the desktop app, the login window for this account's provider; null in a browser. */
  windowRelogin: WindowRelogin | null;
  /** The account's provider as the catalog names it (its id and display name), its login methods, and where its quota windows come from. */
  provider: Pick<ProviderCatalogEntry, 'id' | 'displayName' | 'loginMethods' | 'quotaSources'>;
  /** An action answered the account as it is now. */
  onChanged: (account: AccountView) => void;
  /** The account got a new login (its whole list entry changes: read the list again). */
  onRenewed: () => void;
  onRemoved: (id: string) => void;
}

/**
 * One account: its state, facts, quota bars and actions. The action its state calls for — "Log in again" for an
 * account that needs a login, "Try now" for one cooling down — comes last in the row, so no other button moves
 * when it goes away. The card does not move either while the page is open (see ProviderGroup).
 */
export function AccountCard({ account, api, windowRelogin, provider, onChanged, onRenewed, onRemoved }: AccountCardProps) {
  const now = useNow();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [relogging, setRelogging] = useState(false);
  const name = accountName(account);
  const explanation = accountExplanation(account);
  const lastError = lastErrorToShow(account);

  // While an action runs the buttons say so (aria-disabled) but keep the focus: a keyboard user stays on the
  // button just pressed, and a press meanwhile is ignored.
  const run = (what: string, call: () => Promise<AccountView>, done?: string) => {
    if (busy !== null) return;
    setBusy(what);
    setError(null);
    setResult(null);
    call()
      .then(
        (updated) => {
          onChanged(updated);
          if (done) setResult({ ok: true, text: done });
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(null));
  };
  const patch = (what: string, changes: AccountChanges) => run(what, () => api.updateAccount(account.id, changes));

  const reloginMethod = browserLoginMethod(provider);
  const logInAgain = () => {
    if (busy !== null || relogging) return;
    setError(null);
    setResult(null);
    if (!windowRelogin) {
      if (reloginMethod) setRelogging(true);
      else setError(`The dashboard cannot log in to ${provider.displayName}: log in again with the command line, then press “Reload accounts”.`);
      return;
    }
    setBusy('login');
    windowRelogin(account.id)
      .then(
        (outcome) => {
          setResult(describeRelogin(outcome));
          if (outcome.status === 'done') onRenewed();
        },
        (failure: unknown) => setError(`The app refused the login: ${messageOf(failure)}`),
      )
      .finally(() => setBusy(null));
  };

  const renewed = (login: LoggedInAccount) => {
    setRelogging(false);
    setResult({ ok: true, text: `Logged in again as ${login.email ?? login.id}. It serves requests from now on.` });
    onRenewed();
  };

  return (
    <li className="card account" aria-busy={busy !== null}>
      <div className="account-head">
        <div>
          <h4>{name}</h4>
          {account.email && account.email !== name && <p className="muted small">{account.email}</p>}
        </div>
        <span className={`badge state ${BADGE[account.status] ?? ''}`}>{STATUS_BADGE[account.status] ?? account.state}</span>
      </div>
      {explanation && (
        <p className={`account-explanation small ${EXPLANATION_CLASS[explanation.tone]}`}>
          <CommandText text={explanation.text} />
        </p>
      )}
      <dl className="facts">
        <dt>Plan</dt>
        <dd>{account.plan ?? 'unknown'}</dd>
        <dt>Priority</dt>
        <dd>{account.priority}</dd>
        <dt>Requests</dt>
        <dd>
          {formatCount(account.usage.requests)} ({formatCount(account.usage.errors)} failed)
        </dd>
        <dt>Last used</dt>
        <dd>{formatAgo(account.usage.lastUsedAt, now)}</dd>
        {lastError && (
          <>
            <dt>Last error</dt>
            <dd className="error">
              <CommandText text={lastError} />
            </dd>
          </>
        )}
      </dl>
      {provider.quotaSources.length === 0 ? (
        <p className="muted small">No quota windows: this provider does not report any (an API key is billed per request).</p>
      ) : (
        <div className="quota">
          {account.quota === null && <p className="muted small">{noReadingYet(provider.quotaSources)}</p>}
          {account.quota && account.quota.windows.length === 0 && <p className="muted small">The provider reported no quota windows.</p>}
          {account.quota?.windows.map((window) => (
            <Meter key={window.name} label={window.label || window.name} percent={window.usedPercent} detail={formatResetCountdown(window.resetsAt, now)} />
          ))}
          {account.quota?.credits && <p className="small">{describeCredits(account.quota.credits)}</p>}
          {account.quota?.lastError && <p className="error small">Last quota reading failed: {account.quota.lastError}</p>}
          {account.quota?.observedAt && <p className="muted small">Quota read {formatAgo(account.quota.observedAt, now)}.</p>}
        </div>
      )}
      <div className="actions">
        <button type="button" className="secondary" aria-pressed={account.enabled} onClick={() => patch('enable', { enabled: !account.enabled })} aria-disabled={busy !== null}>
          {account.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="secondary" onClick={() => patch('up', { priority: account.priority + 1 })} aria-disabled={busy !== null} aria-label={`Raise the priority of ${name}`}>
          Priority ↑
        </button>
        <button type="button" className="secondary" onClick={() => patch('down', { priority: account.priority - 1 })} aria-disabled={busy !== null} aria-label={`Lower the priority of ${name}`}>
          Priority ↓
        </button>
        {provider.quotaSources.length > 0 && (
          <button type="button" className="secondary" onClick={() => run('quota', () => api.refreshQuota(account.id))} aria-disabled={busy !== null}>
            {busy === 'quota' ? 'Refreshing…' : 'Refresh quota'}
          </button>
        )}
        {account.status === 'cooling' && (
          <button
            type="button"
            onClick={() => run('try', () => api.clearCooldown(account.id), 'Cooldown ended: the next request may use this account.')}
            aria-disabled={busy !== null}
            aria-label={`Try ${name} now`}
          >
            {busy === 'try' ? 'Ending the cooldown…' : 'Try now'}
          </button>
        )}
        {account.status === 'needs_login' && (
          <button type="button" onClick={logInAgain} aria-disabled={busy !== null || relogging} aria-label={`Log in again to ${name}`}>
            {busy === 'login' ? 'Waiting for the login window…' : 'Log in again'}
          </button>
        )}
      </div>
      {result && (
        <p className={result.ok ? 'notice' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      <RemoveAccount api={api} accountId={account.id} name={name} onRemoved={() => onRemoved(account.id)} />
      {relogging && reloginMethod && (
        <BrowserLogin
          api={api}
          provider={provider}
          method={reloginMethod}
          title={`Log in again to ${name}`}
          renews={account.id}
          onDone={renewed}
          onCancel={() => setRelogging(false)}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** A plan's credits in words: "Credits: 12.5", "Credits: unlimited", "No credits". */
export function describeCredits(credits: QuotaCredits): string {
  if (credits.unlimited) return 'Credits: unlimited';
  if (!credits.hasCredits) return 'No credits';
  return `Credits: ${credits.balance ?? 'some'}`;
}

/** Where the first quota reading comes from: a provider that reports windows only from its usage endpoint has none with a request. */
function noReadingYet(sources: readonly string[]): string {
  return sources.includes('headers')
    ? 'No quota reading yet: it arrives with the first request or “Refresh quota”.'
    : 'No quota reading yet: it arrives with the next usage poll or “Refresh quota”.';
}
