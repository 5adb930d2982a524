import { useState } from 'react';
import type { AccountLoginApi, LoggedInAccount } from '../admin-api';
import { ManualLogin } from './manual-login';

/** "Add a Claude account": a button that opens the manual login, and what it added. */
export function AddAccount({ api, onAdded }: { api: AccountLoginApi; onAdded: (account: LoggedInAccount) => void }) {
  const [open, setOpen] = useState(false);
  const [success, setSuccess] = useState<string | null>(null);

  const done = (account: LoggedInAccount) => {
    setSuccess(`Added ${account.email ?? account.id}${account.plan ? ` (${account.plan})` : ''}. It serves requests from now on.`);
    setOpen(false);
    onAdded(account);
  };

  return (
    <div className="add-account">
      {open ? (
        <ManualLogin api={api} title="Add a Claude account" renews={null} onDone={done} onCancel={() => setOpen(false)} />
      ) : (
        <button
          type="button"
          onClick={() => {
            setSuccess(null);
            setOpen(true);
          }}
        >
          Add a Claude account
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
