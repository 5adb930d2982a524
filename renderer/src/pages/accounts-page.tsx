import { useState } from 'react';
import { AccountCard } from '../accounts/account-card';
import { AddAccount } from '../accounts/add-account';
import { DesktopLogins } from '../accounts/desktop-logins';
import { ImportAccount } from '../accounts/import-account';
import { useStableOrder } from '../accounts/stable-order';
import { useWindowRelogin, type WindowRelogin } from '../accounts/window-relogin';
import { offersBrowserLogin, providerName, useProviderCatalog } from '../accounts/use-provider-catalog';
import { AddApiKey, apiKeyMethod } from '../accounts/add-api-key';
import { messageOf, type AccountView, type AdminApi, type InvalidAccountFileView, type ProviderCatalogEntry } from '../admin-api';
import { ErrorNote, Loading } from '../components/ui';
import { useLoad } from '../components/use-load';
import '../accounts/accounts.css';
import { cliCommand } from '../cli-command';

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
  const windowRelogin = useWindowRelogin();
  const catalog = useProviderCatalog(api);
  const importers = catalog.flatMap((provider) => provider.importers);

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
        {catalog.filter(offersBrowserLogin).map((provider) => (
          <AddAccount key={provider.id} api={api} provider={provider} onAdded={reload} />
        ))}
        {importers.map((importer) => (
          <ImportAccount key={importer.id} api={api} importer={importer} onAdded={reload} />
        ))}
        {catalog.filter((provider) => apiKeyMethod(provider) !== null).map((provider) => (
          <AddApiKey key={provider.id} api={api} provider={provider} onAdded={reload} />
        ))}
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
            Press {orList([...catalog.filter(offersBrowserLogin).map((provider) => `“Add a ${provider.displayName} account”`), ...importers.map((importer) => `“${importer.label}”`)])}{' '}
            above, or log in with {catalog.filter((provider) => apiKeyMethod(provider) === null).map((provider, index) => (
              <span key={provider.id}>
                {index > 0 && ' or '}
                <code>{cliCommand(`login ${provider.id}`)}</code>
              </span>
            ))}{' '}
            (once per account you want to use) and press “Reload accounts”.
          </p>
        </div>
      )}
      {state.phase === 'done' && state.value.accounts.length > 0 && (
        <ProviderGroups
          catalog={catalog}
          accounts={state.value.accounts}
          api={api}
          windowRelogin={windowRelogin}
          onChanged={replace}
          onRenewed={reload}
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
  catalog: readonly ProviderCatalogEntry[];
  accounts: AccountView[];
  api: AdminApi;
  windowRelogin: (provider: string) => WindowRelogin | null;
  onChanged: (account: AccountView) => void;
  onRenewed: () => void;
  onRemoved: (id: string) => void;
}

/** Higher priority first; accounts of equal priority in the order the proxy lists them. */
function byPriority(accounts: readonly AccountView[]): AccountView[] {
  return [...accounts].sort((a, b) => b.priority - a.priority);
}

function ProviderGroups({ accounts, ...props }: GroupProps) {
  const providers = [...new Set(accounts.map((account) => account.provider))].sort();
  return (
    <>
      {providers.map((provider) => (
        <ProviderGroup key={provider} provider={provider} accounts={accounts.filter((account) => account.provider === provider)} {...props} />
      ))}
    </>
  );
}

/**
 * One provider's accounts in priority order as the page opened: a new priority does not move a card from under
 * the cursor (the next click would hit another account); "Sort by priority" re-sorts when asked.
 */
function ProviderGroup({ provider, catalog, accounts, api, windowRelogin, onChanged, onRenewed, onRemoved }: GroupProps & { provider: string }) {
  const { ordered, sorted, resort } = useStableOrder(byPriority(accounts), (account) => account.id);
  const entry = catalog.find((candidate) => candidate.id === provider);
  const named = { id: provider, displayName: providerName(catalog, provider), loginMethods: entry?.loginMethods ?? [], quotaSources: entry?.quotaSources ?? [] };
  return (
    <div className="provider-group">
      <div className="provider-head">
        <h3>
          {named.displayName} <span className="muted small">({accounts.length} account{accounts.length === 1 ? '' : 's'})</span>
        </h3>
        <button type="button" className="secondary small" onClick={resort} disabled={sorted} title={sorted ? 'Already in priority order' : undefined}>
          Sort by priority
        </button>
      </div>
      <ul className="cards">
        {ordered.map((account) => (
          <AccountCard
            key={account.id}
            account={account}
            api={api}
            windowRelogin={windowRelogin(account.provider)}
            provider={named}
            onChanged={onChanged}
            onRenewed={onRenewed}
            onRemoved={onRemoved}
          />
        ))}
      </ul>
    </div>
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

/** "a", "a or b", "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
