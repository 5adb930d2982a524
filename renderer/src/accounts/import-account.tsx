import { useState } from 'react';
import { messageOf, type AccountLoginApi, type LoggedInAccount } from '../admin-api';

/** One importer of the catalog ("Import from Claude Code"): copies the login that tool holds on the proxy's machine, in one press. */
export function ImportAccount({ api, importer, onAdded }: { api: AccountLoginApi; importer: { id: string; label: string }; onAdded: (account: LoggedInAccount) => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const importNow = () => {
    setBusy(true);
    setResult(null);
    api
      .importAccount(importer.id)
      .then(
        (imported) => {
          setResult({ ok: true, text: imported.message });
          onAdded(imported.account);
        },
        (error: unknown) => setResult({ ok: false, text: messageOf(error) }),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="import-account">
      <button type="button" className="secondary" onClick={importNow} disabled={busy}>
        {busy ? 'Importing…' : importer.label}
      </button>
      {result && (
        <p className={result.ok ? 'notice' : 'error'} role={result.ok ? 'status' : 'alert'} style={{ whiteSpace: 'pre-line' }}>
          {result.text}
        </p>
      )}
    </div>
  );
}
