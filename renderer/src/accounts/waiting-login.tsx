import { useEffect, useId, useRef, useState } from 'react';
import { messageOf, type AccountLoginApi, type DeviceCodeLoginStart, type LoggedInAccount, type PollLoginStart, type ProviderCatalogEntry } from '../admin-api';
import { CopyButton } from '../components/ui';
import { formatClock } from '../format';

/** How often the box asks the server how the login goes (the server itself polls the provider on its schedule). */
const STATUS_EVERY_MS = 2_000;

type Started = DeviceCodeLoginStart | PollLoginStart;

type Step =
  | { phase: 'starting' }
  | { phase: 'waiting'; login: Started }
  /** Over without an account: refused, expired, cancelled elsewhere, or it did not start. A new login is needed. */
  | { phase: 'over'; reason: string };

export interface WaitingLoginProps {
  api: AccountLoginApi;
  provider: Pick<ProviderCatalogEntry, 'id' | 'displayName'>;
  /** The device-code or poll method to start, as the catalog lists it. */
  method: { id: string; kind: 'device-code' | 'poll' };
  title: string;
  /** The account this login renews, or null to add one. */
  renews: string | null;
  onDone: (account: LoggedInAccount) => void;
  onCancel: () => void;
}

/**
 * A device-code or poll login, started as soon as it is shown: the code in large type with a copy button and the
 * page to enter it on (device code), or the page to open (poll); then it waits — the server polls the provider —
 * and says when it is done, or why not. Cancel stops the login in the server too.
 */
export function WaitingLogin({ api, provider, method, title, renews, onDone, onCancel }: WaitingLoginProps) {
  const [step, setStep] = useState<Step>({ phase: 'starting' });
  const titleId = useId();
  const started = useRef(false);

  const start = () => {
    setStep({ phase: 'starting' });
    api.startLogin(provider.id, renews, method.id).then(
      (login) => {
        if (login.kind === 'device-code' || login.kind === 'poll') setStep({ phase: 'waiting', login });
        else setStep({ phase: 'over', reason: `The server started a ${login.kind} login instead of a ${method.kind} one: reload the page.` });
      },
      (failure: unknown) => setStep({ phase: 'over', reason: `The login could not be started: ${messageOf(failure)}` }),
    );
  };

  useEffect(() => {
    // Once per box, also under React's strict mode, which runs effects twice.
    if (started.current) return;
    started.current = true;
    start();
  }, []);

  const attemptId = step.phase === 'waiting' ? step.login.attemptId : null;
  useEffect(() => {
    if (attemptId === null) return;
    let live = true;
    const check = () => {
      api.loginStatus(attemptId).then(
        (state) => {
          if (!live) return;
          if (state.status === 'done') onDone(state.account);
          else if (state.status === 'failed') setStep({ phase: 'over', reason: `The login did not succeed: ${state.reason}.` });
          else if (state.status === 'expired') setStep({ phase: 'over', reason: 'The login expired before it was finished.' });
        },
        (failure: unknown) => live && setStep({ phase: 'over', reason: messageOf(failure) }),
      );
    };
    const timer = setInterval(check, STATUS_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [attemptId]);

  const cancel = () => {
    if (attemptId !== null) api.cancelLogin(attemptId).catch(() => undefined);
    onCancel();
  };

  return (
    <div className="card manual-login waiting-login" role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      {step.phase === 'starting' && (
        <p className="muted" role="status">
          Starting the login…
        </p>
      )}
      {step.phase === 'waiting' && (
        <>
          {step.login.policyNote && <p className="policy-note">{step.login.policyNote}</p>}
          {step.login.kind === 'device-code' ? <DeviceCode login={step.login} provider={provider.displayName} renews={renews} /> : <PageToOpen login={step.login} provider={provider.displayName} renews={renews} />}
          <p className="muted" role="status">
            Waiting for you to finish on the {provider.displayName} page… (until {formatClock(Date.parse(step.login.expiresAt))})
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={cancel}>
              Cancel
            </button>
          </div>
        </>
      )}
      {step.phase === 'over' && (
        <>
          <p className="error" role="alert">
            {step.reason}
          </p>
          <div className="actions">
            <button type="button" onClick={start}>
              Start again
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

function DeviceCode({ login, provider, renews }: { login: DeviceCodeLoginStart; provider: string; renews: string | null }) {
  return (
    <ol>
      <li>
        <a href={login.verificationUrl} target="_blank" rel="noopener noreferrer">
          Open the {provider} code page
        </a>{' '}
        (on any device: <span className="muted small">{login.verificationUrl}</span>) and log in with {renews ? 'this account' : 'the account to add'}.
      </li>
      <li>
        Enter this code there:
        <div className="copy-row user-code-row">
          <output className="user-code" aria-label="Code to enter">
            {login.userCode}
          </output>
          <CopyButton text={login.userCode} label="Copy code" name="Copy the code" />
        </div>
      </li>
    </ol>
  );
}

function PageToOpen({ login, provider, renews }: { login: PollLoginStart; provider: string; renews: string | null }) {
  return (
    <p>
      <a href={login.url} target="_blank" rel="noopener noreferrer">
        Open the {provider} login page
      </a>{' '}
      and log in with {renews ? 'this account' : 'the account to add'}. This box notices by itself when you are done.
    </p>
  );
}
