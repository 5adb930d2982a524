import { useState, type FormEvent } from 'react';
import { messageOf, type AccountLoginApi, type LoggedInAccount, type LoginStart } from '../admin-api';
import { formatClock } from '../format';

type Step = { phase: 'idle' } | { phase: 'starting' } | { phase: 'paste'; login: LoginStart } | { phase: 'finishing'; login: LoginStart };

/** "Add a Claude account": the policy note, the login address to open, and a field for the code shown after. */
export function AddAccount({ api, onAdded }: { api: AccountLoginApi; onAdded: (account: LoggedInAccount) => void }) {
  const [step, setStep] = useState<Step>({ phase: 'idle' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);

  const start = () => {
    setStep({ phase: 'starting' });
    setError(null);
    setSuccess(null);
    setCode('');
    api.startLogin('anthropic').then(
      (login) => setStep({ phase: 'paste', login }),
      (failure: unknown) => {
        setError(messageOf(failure));
        setStep({ phase: 'idle' });
      },
    );
  };

  const finish = (event: FormEvent) => {
    event.preventDefault();
    if (step.phase !== 'paste') return;
    const login = step.login;
    if (code.trim() === '') {
      setError('Paste the code the Claude page shows after you authorize (it looks like "code#state").');
      return;
    }
    setStep({ phase: 'finishing', login });
    setError(null);
    api.finishLogin(login.attemptId, code.trim()).then(
      (account) => {
        setSuccess(`Added ${account.email ?? account.id}${account.plan ? ` (${account.plan})` : ''}. It serves requests from now on.`);
        setStep({ phase: 'idle' });
        setCode('');
        onAdded(account);
      },
      (failure: unknown) => {
        setError(messageOf(failure));
        setStep({ phase: 'paste', login });
      },
    );
  };

  const cancel = () => {
    setStep({ phase: 'idle' });
    setError(null);
    setCode('');
  };

  return (
    <div className="add-account">
      {(step.phase === 'idle' || step.phase === 'starting') && (
        <button type="button" onClick={start} disabled={step.phase === 'starting'}>
          {step.phase === 'starting' ? 'Starting the login…' : 'Add a Claude account'}
        </button>
      )}
      {(step.phase === 'paste' || step.phase === 'finishing') && (
        <div className="card" role="group" aria-labelledby="add-account-title">
          <h3 id="add-account-title">Add a Claude account</h3>
          <p className="policy-note" style={{ whiteSpace: 'pre-line' }}>
            {step.login.policyNote}
          </p>
          <ol>
            <li>
              <a href={step.login.url} target="_blank" rel="noopener noreferrer">
                Open the Claude login page
              </a>
              , log in with the account to add and choose Authorize.
            </li>
            <li>Copy the whole code the page then shows (including the “#” and what follows it) and paste it below.</li>
          </ol>
          <form onSubmit={finish}>
            <label htmlFor="add-account-code">Paste the code shown after you authorize</label>
            <input
              id="add-account-code"
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              disabled={step.phase === 'finishing'}
            />
            <p className="muted small">This login can be finished until {formatClock(Date.parse(step.login.expiresAt))}.</p>
            <div className="actions">
              <button type="submit" disabled={step.phase === 'finishing'}>
                {step.phase === 'finishing' ? 'Finishing…' : 'Finish login'}
              </button>
              <button type="button" className="secondary" onClick={cancel} disabled={step.phase === 'finishing'}>
                Cancel
              </button>
            </div>
          </form>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {success && (
        <p className="notice" role="status">
          {success}
        </p>
      )}
    </div>
  );
}
