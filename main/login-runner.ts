/**
 * Runs a login (main/login/run-desktop-login.ts) for the tray, the notifications and the page alike, and does
 * what follows every login: read the accounts again (the icon and the menu change at once, not in 30 s) and tell
 * the dashboard, which reloads its account list.
 */
import type { DesktopLoginOptions, LoginFinishedEvent, LoginOutcomeView } from '../preload/contract.js';

export interface LoginRunnerDeps {
  /**
   * Runs one login method of one provider from main/desktop-providers.ts, e.g. login('anthropic', 'oauth').
   * Resolves when the login is over, however it ended; rejects only on a programming error. A "failed" outcome's
   * message is shown to the person (a dialog when the tray started it), so it is a sentence with the fix;
   * "cancelled" (the window was closed) is shown nowhere. `options.accountId` renews that account.
   */
  login(providerId: string, methodId: string, options?: DesktopLoginOptions): Promise<LoginOutcomeView>;
  refreshAccounts(): Promise<void>;
  announce(event: LoginFinishedEvent): void;
}

export type LoginRunner = (providerId: string, methodId: string, options?: DesktopLoginOptions) => Promise<LoginOutcomeView>;

export function createLoginRunner(deps: LoginRunnerDeps): LoginRunner {
  return async (providerId, methodId, options = {}) => {
    let outcome: LoginOutcomeView;
    try {
      outcome = await deps.login(providerId, methodId, options);
    } catch (error) {
      // The hook promises not to reject; if it does anyway, the person still gets a sentence, not silence.
      outcome = { status: 'failed', message: `The login stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
    }
    await deps.refreshAccounts();
    deps.announce({ providerId, methodId, outcome });
    return outcome;
  };
}
