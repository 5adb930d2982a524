import { useState } from 'react';
import { messageOf, type AccountLoginApi } from '../admin-api';

/** "Remove" with a confirm step that says what removing means. */
export function RemoveAccount({ api, accountId, name, onRemoved }: { api: AccountLoginApi; accountId: string; name: string; onRemoved: () => void }) {
  const [phase, setPhase] = useState<'idle' | 'confirm' | 'removing'>('idle');
  const [error, setError] = useState<string | null>(null);

  const remove = () => {
    setPhase('removing');
    setError(null);
    api.removeAccount(accountId).then(
      () => {
        setPhase('idle');
        onRemoved();
      },
      (failure: unknown) => {
        setError(messageOf(failure));
        setPhase('confirm');
      },
    );
  };

  if (phase === 'idle') {
    return (
      <button type="button" className="secondary danger" onClick={() => setPhase('confirm')} aria-label={`Remove ${name}`}>
        Remove
      </button>
    );
  }
  return (
    <div className="confirm" role="alertdialog" aria-label={`Remove ${name}?`}>
      <p>
        Remove {name}? Its account file is deleted from the auth folder and Switchboard stops using it. To add it back, log in with it
        again (“Add a Claude account”).
      </p>
      <div className="actions">
        <button type="button" className="danger" onClick={remove} disabled={phase === 'removing'}>
          {phase === 'removing' ? 'Removing…' : 'Yes, remove it'}
        </button>
        <button type="button" className="secondary" onClick={() => setPhase('idle')} disabled={phase === 'removing'}>
          Keep it
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
