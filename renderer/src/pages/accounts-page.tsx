import { useState } from 'react';
import { AddAccount } from '../accounts/add-account';
import { DesktopLogins } from '../accounts/desktop-logins';
import { ImportAccount } from '../accounts/import-account';
import { RemoveAccount } from '../accounts/remove-account';
import { messageOf, type AccountChanges, type AccountView, type AdminApi, type InvalidAccountFileView } from '../admin-api';
import { ErrorNote, Loading, Meter } from '../components/ui';
import { useLoad, useNow } from '../components/use-load';
import { formatAgo, formatCount, formatResetCountdown } from '../format';
import { cliCommand } from '../cli-command';

function stateClass(state: string): string {
  const lower = state.toLowerCase();
  if (lower.startsWith('ready')) return 'ok';
  if (lower.startsWith('needs login')) return 'bad';
  if (lower.startsWith('cooling') || lower.startsWith('disabled')) return 'warn';
  return '';
}

export function AccountsPage({ api }: { api: AdminApi }) {
  const { state, reload, update } = useLoad(() => api.accountsWithProblems(), [api]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reloadAll = () => {
    setBusy(true);
    setNotice(null);
    api.reloadAccounts().then(
      () => {
        setNotice('Accounts read again from the auth folder.');
        reload();
      },
      (error: unknown) => setNotice(messageOf(error)),
    ).finally(() => setBusy(false));
  };

  const replace = (updated: AccountView) =>
    update((list) => ({ ...list, accounts: list.accounts.map((account) => (account.id === updated.id ? updated : account)) }));

  return (
    <section aria-labelledby="accounts-title">
      <div className="section-head">
        <h2 id="accounts-title">Accounts</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={reload}>
            Refresh list
          </button>
          <button type="button" className="secondary" onClick={reloadAll} disabled={busy}>
            {busy ? 'Reloading…' : 'Reload accounts'}
          </button>
        </div>
      </div>
      <DesktopLogins onChanged={reload} />
      <div className="add-accounts">
        <AddAccount api={api} onAdded={reload} />
        <ImportAccount api={api} onAdded={reload} />
      </div>
      <p className="notice" aria-live="polite">
        {notice}
      </p>
      {state.phase === 'loading' && <Loading what="accounts" />}
      {state.phase === 'error' && <ErrorNote message={state.error} onRetry={reload} />}
      {state.phase === 'done' && state.value.accounts.length === 0 && (
        <div className="card">
          <p>No accounts yet.</p>
          <p>
            Press “Add a Claude account” or “Import from Claude Code” above, or log in with <code>{cliCommand('login anthropic')}</code> (once per account you want to use) and
            press “Reload accounts”.
          </p>
        </div>
      )}
      {state.phase === 'done' && state.value.accounts.length > 0 && (
        <ProviderGroups
          accounts={state.value.accounts}
          api={api}
          onChanged={replace}
          onRemoved={(id) => {
            setNotice(`Removed ${id}. Log in with it again to add it back.`);
            reload();
          }}
        />
      )}
      {state.phase === 'done' && state.value.invalid.length > 0 && <UnreadableFiles files={state.value.invalid} />}
    </section>
  );
}

interface GroupProps {
  accounts: AccountView[];
  api: AdminApi;
  onChanged: (account: AccountView) => void;
  onRemoved: (id: string) => void;
}

function ProviderGroups({ accounts, api, onChanged, onRemoved }: GroupProps) {
  const providers = [...new Set(accounts.map((account) => account.provider))].sort();
  return (
    <>
      {providers.map((provider) => {
        const group = accounts.filter((account) => account.provider === provider).sort((a, b) => b.priority - a.priority);
        return (
          <div key={provider} className="provider-group">
            <h3>
              {provider} <span className="muted small">({group.length} account{group.length === 1 ? '' : 's'})</span>
            </h3>
            <ul className="cards">
              {group.map((account) => (
                <AccountCard key={account.id} account={account} api={api} onChanged={onChanged} onRemoved={onRemoved} />
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}

function AccountCard({ account, api, onChanged, onRemoved }: Omit<GroupProps, 'accounts'> & { account: AccountView }) {
  const now = useNow();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = account.label ?? account.email ?? account.id;

  const run = (what: string, call: () => Promise<AccountView>) => {
    setBusy(what);
    setError(null);
    call()
      .then(onChanged, (failure: unknown) => setError(messageOf(failure)))
      .finally(() => setBusy(null));
  };
  const patch = (what: string, changes: AccountChanges) => run(what, () => api.updateAccount(account.id, changes));

  return (
    <li className="card account" aria-busy={busy !== null}>
      <div className="account-head">
        <div>
          <h4>{name}</h4>
          {account.email && account.email !== name && <p className="muted small">{account.email}</p>}
        </div>
        <span className={`badge state ${stateClass(account.state)}`}>{account.state}</span>
      </div>
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
        {account.usage.lastError && (
          <>
            <dt>Last error</dt>
            <dd className="error">{account.usage.lastError}</dd>
          </>
        )}
      </dl>
      <div className="quota">
        {account.quota === null && <p className="muted small">No quota reading yet: it arrives with the first request or “Refresh quota”.</p>}
        {account.quota && account.quota.windows.length === 0 && <p className="muted small">The provider reported no quota windows.</p>}
        {account.quota?.windows.map((window) => (
          <Meter key={window.name} label={window.label || window.name} percent={window.usedPercent} detail={formatResetCountdown(window.resetsAt, now)} />
        ))}
        {account.quota?.lastError && <p className="error small">Last quota reading failed: {account.quota.lastError}</p>}
        {account.quota?.observedAt && <p className="muted small">Quota read {formatAgo(account.quota.observedAt, now)}.</p>}
      </div>
      <div className="actions">
        <button type="button" className="secondary" aria-pressed={account.enabled} onClick={() => patch('enable', { enabled: !account.enabled })} disabled={busy !== null}>
          {account.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="secondary" onClick={() => patch('up', { priority: account.priority + 1 })} disabled={busy !== null} aria-label={`Raise the priority of ${name}`}>
          Priority ↑
        </button>
        <button type="button" className="secondary" onClick={() => patch('down', { priority: account.priority - 1 })} disabled={busy !== null} aria-label={`Lower the priority of ${name}`}>
          Priority ↓
        </button>
        <button type="button" className="secondary" onClick={() => run('quota', () => api.refreshQuota(account.id))} disabled={busy !== null}>
          {busy === 'quota' ? 'Refreshing…' : 'Refresh quota'}
        </button>
      </div>
      <RemoveAccount api={api} accountId={account.id} name={name} onRemoved={() => onRemoved(account.id)} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Files in auth-dir the proxy could not use: named with their problem, so nothing is silently missing. */
function UnreadableFiles({ files }: { files: InvalidAccountFileView[] }) {
  return (
    <section className="card" aria-labelledby="unreadable-title">
      <h3 id="unreadable-title">Account files that could not be used</h3>
      <ul className="plain">
        {files.map((file) => (
          <li key={file.path}>
            <code>{file.path}</code>: {file.problem}
          </li>
        ))}
      </ul>
      <p className="muted small">Fix or remove the file (or log in again), then press “Reload accounts”.</p>
    </section>
  );
}
