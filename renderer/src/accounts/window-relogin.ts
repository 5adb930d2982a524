import type { LoginOutcomeView } from '../../../preload/contract';
import { useDesktopInfo } from '../components/use-desktop';
import { desktopApi } from '../desktop';

/** Logs in again to one account through the desktop app's login window; settles when the window is done. */
export type WindowRelogin = (accountId: string) => Promise<LoginOutcomeView>;

/**
 * In the desktop app: for a provider whose logins the app runs in its own window, the way to log in again to one
 * of its accounts (the same embedded login as "Log in to Claude…", replacing that account). Null in a browser,
 * where the manual login serves instead.
 */
export function useWindowRelogin(): (provider: string) => WindowRelogin | null {
  const desktop = desktopApi();
  const info = useDesktopInfo(desktop);
  return (provider) => {
    const method = info?.providers.find((candidate) => candidate.id === provider)?.logins.find((login) => login.kind === 'oauth-window');
    if (!desktop || !method) return null;
    return (accountId) => desktop.login(provider, method.id, { accountId });
  };
}

/** How a new login of an account ended, in one sentence. */
export function describeRelogin(outcome: LoginOutcomeView): { ok: boolean; text: string } {
  switch (outcome.status) {
    case 'done':
      return { ok: true, text: `Logged in again${outcome.account ? ` as ${outcome.account}` : ''}. It serves requests from now on.` };
    case 'cancelled':
      return { ok: true, text: 'Login cancelled: the window was closed.' };
    case 'failed':
      return { ok: false, text: outcome.message };
    default:
      return outcome satisfies never;
  }
}
