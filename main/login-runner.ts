/**
 * Runs a login through the injected hook (main/desktop-hooks.ts) for the tray and the page alike, and does what
 * follows every login: read the accounts again (the icon and the menu change at once, not in 30 s) and tell the
 * dashboard, which reloads its account list.
 */
import type { LoginFinishedEvent, LoginOutcomeView } from '../preload/contract.js';
import type { LoginHook } from './desktop-hooks.js';

export interface LoginRunnerDeps {
  login: LoginHook;
  refreshAccounts(): Promise<void>;
  announce(event: LoginFinishedEvent): void;
}

export type LoginRunner = (providerId: string, methodId: string) => Promise<LoginOutcomeView>;

export function createLoginRunner(deps: LoginRunnerDeps): LoginRunner {
  return async (providerId, methodId) => {
    let outcome: LoginOutcomeView;
    try {
      outcome = await deps.login(providerId, methodId);
    } catch (error) {
      // The hook promises not to reject; if it does anyway, the person still gets a sentence, not silence.
      outcome = { status: 'failed', message: `The login stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
    }
    await deps.refreshAccounts();
    deps.announce({ providerId, methodId, outcome });
    return outcome;
  };
}
