import { useState, type FormEvent } from 'react';
import { createAdminApi, messageOf } from '../admin-api';
import { cliCommand } from '../cli-command';

export const ADMIN_KEY_STORAGE = 'switchboard.adminKey';

export function readStoredKey(): string {
  try {
    return sessionStorage.getItem(ADMIN_KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(ADMIN_KEY_STORAGE);
    else sessionStorage.setItem(ADMIN_KEY_STORAGE, key);
  } catch {
    // Storage refused (private mode): the key lives only in memory.
  }
}

/** Asks for the admin key once, checks it against /admin/accounts and keeps it for this window. */
export function KeyGate({ onKey, reason }: { onKey: (key: string) => void; reason: string | null }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(reason);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const key = draft.trim();
    if (key === '') {
      setError('Paste the key first.');
      return;
    }
    setBusy(true);
    setError(null);
    createAdminApi(key)
      .accounts()
      .then(
        () => {
          storeKey(key);
          onKey(key);
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="card gate" aria-labelledby="gate-title">
      <h2 id="gate-title">Sign in with your admin key</h2>
      <form onSubmit={submit} aria-busy={busy}>
        <label htmlFor="admin-key">Admin key</label>
        <div className="copy-row">
          <input
            id="admin-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="sk-sb-…"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-describedby="admin-key-help"
            aria-invalid={error !== null}
            autoFocus
          />
          <button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Open dashboard'}
          </button>
        </div>
        <p id="admin-key-help" className="muted small">
          <code>{cliCommand('key show')}</code> prints the owner key. It is kept in this window only until it closes.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
