import { useState } from 'react';
import type { AccountLoginApi, LoggedInAccount, ProviderCatalogEntry } from '../admin-api';
import { BrowserLogin } from './browser-login';
import { browserLoginMethod } from './use-provider-catalog';

/** "Add a <provider> account": a button that opens the provider's first login a browser can drive, and what it added. */
export function AddAccount({ api, provider, onAdded }: { api: AccountLoginApi; provider: ProviderCatalogEntry; onAdded: (account: LoggedInAccount) => void }) {
  const title = `Add a ${provider.displayName} account`;
  const method = browserLoginMethod(provider);
  const [open, setOpen] = useState(false);
  const [success, setSuccess] = useState<string | null>(null);

  const done = (account: LoggedInAccount) => {
    setSuccess(`Added ${account.email ?? account.id}${account.plan ? ` (${account.plan})` : ''}. It serves requests from now on.`);
    setOpen(false);
    onAdded(account);
  };

  return (
    <div className="add-account">
      {open && method ? (
        <BrowserLogin api={api} provider={provider} method={method} title={title} renews={null} onDone={done} onCancel={() => setOpen(false)} />
      ) : (
        <button
          type="button"
          onClick={() => {
            setSuccess(null);
            setOpen(true);
          }}
        >
          {title}
        </button>
      )}
      {success && (
        <p className="notice" role="status">
          {success}
        </p>
      )}
    </div>
  );
}
