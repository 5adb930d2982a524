import { useState } from 'react';
import type { AccountLoginApi, LoggedInAccount, ProviderCatalogEntry } from '../admin-api';
import { BrowserLogin } from './browser-login';
import { browserLoginMethods, type BrowserLoginMethod } from './use-provider-catalog';

/**
 * "Add a <provider> account": a button that opens the provider's first login a browser can drive, one more button
 * (named by the catalog's label) for each other such login it offers, and what was added.
 */
export function AddAccount({ api, provider, onAdded }: { api: AccountLoginApi; provider: ProviderCatalogEntry; onAdded: (account: LoggedInAccount) => void }) {
  const title = `Add a ${provider.displayName} account`;
  const [first, ...others] = browserLoginMethods(provider);
  const [open, setOpen] = useState<BrowserLoginMethod | null>(null);
  const [success, setSuccess] = useState<string | null>(null);

  const done = (account: LoggedInAccount) => {
    setSuccess(`Added ${account.email ?? account.id}${account.plan ? ` (${account.plan})` : ''}. It serves requests from now on.`);
    setOpen(null);
    onAdded(account);
  };
  const start = (method: BrowserLoginMethod | undefined) => {
    setSuccess(null);
    setOpen(method ?? null);
  };

  return (
    <div className="add-account">
      {open ? (
        <BrowserLogin api={api} provider={provider} method={open} title={title} renews={null} onDone={done} onCancel={() => setOpen(null)} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => start(first)}>
            {title}
          </button>
          {others.map((method) => (
            <button key={method.id} type="button" className="secondary" onClick={() => start(method)}>
              {method.label}
            </button>
          ))}
        </div>
      )}
      {success && (
        <p className="notice" role="status">
          {success}
        </p>
      )}
    </div>
  );
}
