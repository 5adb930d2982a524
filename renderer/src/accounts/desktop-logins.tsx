import { useEffect, useState } from 'react';
import type { LoginOutcomeView } from '../../../preload/contract';
import { messageOf } from '../admin-api';
import { useDesktopInfo } from '../components/use-desktop';
import { desktopApi } from '../desktop';

/** A login's outcome in one sentence. */
export function describeLoginOutcome(name: string, outcome: LoginOutcomeView): { ok: boolean; text: string } {
  switch (outcome.status) {
    case 'done':
      return { ok: true, text: `${outcome.account ? `Added ${outcome.account}` : `Added the ${name} account`}. ${outcome.message ?? 'It serves requests from now on.'}` };
    case 'cancelled':
      return { ok: true, text: 'Login cancelled: the window was closed.' };
    case 'failed':
      return { ok: false, text: outcome.message };
    default:
      return outcome satisfies never;
  }
}

/**
 * In the desktop app: one button per login method the app lists (an embedded login window, or an import).
 * Absent in a browser, where the manual login and the HTTP import serve instead. A login started from the tray
 * also reloads the list, through `onLoginFinished`.
 */
export function DesktopLogins({ onChanged }: { onChanged: () => void }) {
  const desktop = desktopApi();
  const info = useDesktopInfo(desktop);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!desktop) return;
    return desktop.onLoginFinished(() => onChanged());
  }, [desktop, onChanged]);

  if (!desktop || !info) return null;

  const run = (providerId: string, methodId: string, name: string) => {
    const id = `${providerId}/${methodId}`;
    setBusy(id);
    setResult(null);
    desktop
      .login(providerId, methodId)
      .then(
        (outcome) => setResult(describeLoginOutcome(name, outcome)),
        (error: unknown) => setResult({ ok: false, text: `The app refused the login: ${messageOf(error)}` }),
      )
      .finally(() => setBusy(null));
  };

  return (
    <div className="desktop-logins" role="group" aria-label="Add an account with the app">
      {info.providers.flatMap((provider) =>
        provider.logins.map((method) => {
          const id = `${provider.id}/${method.id}`;
          return (
            <button key={id} type="button" className={method.kind === 'import' ? 'secondary' : undefined} onClick={() => run(provider.id, method.id, provider.name)} disabled={busy !== null}>
              {busy === id ? (method.kind === 'import' ? 'Importing…' : 'Waiting for the login window…') : method.label}
            </button>
          );
        }),
      )}
      {!info.tokens.encrypted && (
        <p className="muted small" role="note">
          {info.tokens.description}
        </p>
      )}
      {result && (
        <p className={result.ok ? 'notice' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </div>
  );
}
