import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { AdminApiError, LOGIN_OVER_CODE, messageOf, type AccountLoginApi, type LoggedInAccount, type PasteCodeLoginStart, type ProviderCatalogEntry } from '../admin-api';
import { useNow } from '../components/use-load';
import { formatClock } from '../format';
import { missingPasteMessage, PasteSteps, type PasteCodeMethod } from './paste-steps';

type Step =
  | { phase: 'starting' }
  | { phase: 'paste'; login: PasteCodeLoginStart; fresh: boolean }
  | { phase: 'finishing'; login: PasteCodeLoginStart; fresh: boolean }
  /** The login cannot be finished any more (its code was refused, it expired, or it did not start): a new one is needed. */
  | { phase: 'over'; reason: string };

export interface ManualLoginProps {
  api: AccountLoginApi;
  /** The provider to log in to, as the catalog lists it. */
  provider: Pick<ProviderCatalogEntry, 'id' | 'displayName'>;
  /** The box's title, e.g. "Add a Claude account" or "Log in again to Work". */
  title: string;
  /** The account this login renews, or null to add one. */
  renews: string | null;
  /** The paste-code method to start, from the provider's catalog entry: it also says what to paste. */
  method: PasteCodeMethod;
  onDone: (account: LoggedInAccount) => void;
  onCancel: () => void;
}

/**
 * The manual login, started as soon as it is shown: the policy note, the login address to open and a field for
 * what the method says to paste. A wrong paste can be corrected and sent again; once the login is over (the provider
 * refused the code, or its ten minutes are up) its link is no longer shown and one press gets a fresh one.
 */
export function ManualLogin({ api, provider, title, renews, method, onDone, onCancel }: ManualLoginProps) {
  const [step, setStep] = useState<Step>({ phase: 'starting' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const now = useNow(5_000);
  const titleId = useId();
  const fieldId = useId();
  const link = useRef<HTMLAnchorElement>(null);
  const started = useRef(false);

  const start = (fresh: boolean) => {
    setStep({ phase: 'starting' });
    setError(null);
    setCode('');
    api.startLogin(provider.id, renews, method.id).then(
      (login) =>
        setStep(login.kind === 'paste-code' ? { phase: 'paste', login, fresh } : { phase: 'over', reason: `The server started a ${login.kind} login instead of a pasted-code one: reload the page.` }),
      (failure: unknown) => setStep({ phase: 'over', reason: `The login could not be started: ${messageOf(failure)}` }),
    );
  };

  useEffect(() => {
    // Once per box, also under React's strict mode, which runs effects twice.
    if (started.current) return;
    started.current = true;
    start(false);
  }, []);

  // A fresh link takes the focus, so the next step is where the person is.
  useEffect(() => {
    if (step.phase === 'paste' && step.fresh) link.current?.focus();
  }, [step]);

  const expired = step.phase === 'paste' && Date.parse(step.login.expiresAt) <= now;
  const shown: Step = expired ? { phase: 'over', reason: 'This login link has expired (a login can be finished within 10 minutes).' } : step;

  const finish = (event: FormEvent) => {
    event.preventDefault();
    if (shown.phase !== 'paste') return;
    const { login, fresh } = shown;
    if (code.trim() === '') {
      setError(missingPasteMessage(method));
      return;
    }
    setStep({ phase: 'finishing', login, fresh });
    setError(null);
    api.finishLogin(login.attemptId, code.trim()).then(onDone, (failure: unknown) => {
      if (failure instanceof AdminApiError && failure.code === LOGIN_OVER_CODE) {
        setStep({ phase: 'over', reason: messageOf(failure) });
        return;
      }
      setError(messageOf(failure));
      setStep({ phase: 'paste', login, fresh });
    });
  };

  return (
    <div className="card manual-login" role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      {shown.phase === 'starting' && (
        <p className="muted" role="status">
          Starting the login…
        </p>
      )}
      {(shown.phase === 'paste' || shown.phase === 'finishing') && (
        <>
          {shown.login.policyNote && <p className="policy-note">{shown.login.policyNote}</p>}
          {shown.fresh && (
            <p className="notice" role="status">
              A fresh login link is ready: open it and follow the steps again.
            </p>
          )}
          <PasteSteps method={method} providerName={provider.displayName} url={shown.login.url} renewing={renews !== null} link={link} />
          <form onSubmit={finish}>
            <label htmlFor={fieldId}>{method.paste.field}</label>
            <input
              id={fieldId}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              disabled={shown.phase === 'finishing'}
            />
            <p className="muted small">This login can be finished until {formatClock(Date.parse(shown.login.expiresAt))}.</p>
            <div className="actions">
              <button type="submit" disabled={shown.phase === 'finishing'}>
                {shown.phase === 'finishing' ? 'Finishing…' : 'Finish login'}
              </button>
              <button type="button" className="secondary" onClick={onCancel} disabled={shown.phase === 'finishing'}>
                Cancel
              </button>
            </div>
          </form>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
      {shown.phase === 'over' && (
        <>
          <p className="error" role="alert">
            {shown.reason}
          </p>
          <div className="actions">
            <button type="button" onClick={() => start(true)}>
              Get a fresh login link
            </button>
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
